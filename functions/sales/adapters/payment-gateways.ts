import { type PaymentProvider, paymentProviders } from '#lib/catalogue/index.ts';
import { oneOf } from '#lib/config.ts';
import type { PaymentGateway } from '../ports.ts';
import { paymentSimulator } from './payment-simulator.ts';

const gateways: Record<PaymentProvider, PaymentGateway> = { simulator: paymentSimulator };

/**
 * The provider the deployment names in `PAYMENTS_PROVIDER`. There is no default: a function whose
 * configuration names none fails at cold start rather than approving cards through the simulator.
 */
export const configuredPaymentGateway = (): PaymentGateway =>
  gateways[oneOf('PAYMENTS_PROVIDER', paymentProviders)];
