import * as z from 'zod';
import { defaults } from './catalogue/environment.ts';
import { optional } from './config.ts';

/** Money is integer minor units (centavos) plus an ISO 4217 code; never a float. */
export interface Money {
  amount: number;
  currency: string;
}

/** One currency per deployment (API.md), read once at cold start. */
export const deploymentCurrency = optional('CURRENCY', defaults.currency);

export const MAX_AMOUNT = 100_000_000_000; // R$ 1 billion in centavos: far above any shop's single price.

export const amountSchema = z
  .number()
  .int('must be an integer number of minor units')
  .min(0, 'must not be negative')
  .max(MAX_AMOUNT);

export const moneySchema = (currency: string) =>
  z.object({
    amount: amountSchema,
    currency: z.literal(currency, { error: `must be '${currency}', the currency of this deployment` }),
  });

export const money = (amount: number, currency: string): Money => ({ amount, currency });

export function formatMoney({ amount, currency }: Money, locale = 'pt-BR'): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount / 100);
}
