import { httpRoute } from '#lib/http/route.ts';
import { orders, seller } from '../dependencies.ts';
import { creditNoteHtml } from '../domain/credit-note.ts';
import { returnView } from '../domain/returns.ts';
import { invoiceMediaType } from '../invoice-media-type.ts';
import * as routes from '../routes.ts';
import { makeGetReturn } from '../use-cases/read-orders.ts';

const getReturn = makeGetReturn({ orders });

/** JSON, or the printable credit note, negotiated as the invoice is (RFC 9110, `Vary: Accept`). */
export const handler = httpRoute(routes.getReturn, async ({ params, headers }) => {
  const { record, order } = await getReturn(params.orderId, params.returnId);
  const vary = { vary: 'Accept' };
  if (invoiceMediaType(headers.accept) === 'text/html') {
    return {
      status: 200,
      body: creditNoteHtml(record, order, seller),
      contentType: 'text/html; charset=utf-8',
      headers: vary,
    };
  }
  return { status: 200, body: returnView(record), headers: vary };
});
