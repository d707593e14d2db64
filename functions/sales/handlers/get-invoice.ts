import { httpRoute } from '#lib/http/route.ts';
import { orders, seller } from '../dependencies.ts';
import { invoiceHtml } from '../domain/invoice.ts';
import { invoiceMediaType } from '../invoice-media-type.ts';
import * as routes from '../routes.ts';
import { makeGetInvoice } from '../use-cases/read-orders.ts';

const getInvoice = makeGetInvoice({ orders, seller });

export const handler = httpRoute(routes.getInvoice, async ({ params, headers }) => {
  const invoice = await getInvoice(params.orderId);
  // RFC 9110 negotiation (q-values) by the `negotiator` library: see invoice-media-type.ts. The answer
  // depends on Accept, so caches must key on it.
  const vary = { vary: 'Accept' };
  if (invoiceMediaType(headers.accept) === 'text/html') {
    return {
      status: 200,
      body: invoiceHtml(invoice),
      contentType: 'text/html; charset=utf-8',
      headers: vary,
    };
  }
  return { status: 200, body: invoice, headers: vary };
});
