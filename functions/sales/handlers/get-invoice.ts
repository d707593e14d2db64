import { httpRoute } from '#lib/http/route.ts';
import { orders, seller } from '../dependencies.ts';
import { invoiceHtml } from '../domain/invoice.ts';
import { orderIdParams } from '../schemas.ts';
import { makeGetInvoice } from '../use-cases/read-orders.ts';

const getInvoice = makeGetInvoice({ orders, seller });

export const handler = httpRoute({ params: orderIdParams }, async ({ params, headers }) => {
  const invoice = await getInvoice(params.orderId);
  if (/\btext\/html\b/i.test(headers.accept ?? '')) {
    return { status: 200, body: invoiceHtml(invoice), contentType: 'text/html; charset=utf-8' };
  }
  return { status: 200, body: invoice };
});
