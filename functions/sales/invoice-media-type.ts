import Negotiator from 'negotiator';

/** JSON first: it is the answer when the client states no preference (no Accept, or `*\/*`). */
const INVOICE_TYPES = ['application/json', 'text/html'] as const;

export type InvoiceMediaType = (typeof INVOICE_TYPES)[number];

/**
 * The invoice's representation by RFC 9110 content negotiation (q-values, specificity, wildcards):
 * `application/json, text/html;q=0` is JSON, `text/html` is HTML, no Accept is JSON. An Accept that
 * names neither also gets JSON, as before, rather than a 406. `negotiator` (jshttp, Express's) does
 * the parsing. Not `@middy/http-content-negotiation`, which wraps this same library: it writes its
 * choice to the Lambda context, and `httpRoute` hands the route the event, not the context.
 */
export const invoiceMediaType = (accept: string | undefined): InvoiceMediaType =>
  new Negotiator({ headers: { accept } }).mediaType(INVOICE_TYPES) === 'text/html'
    ? 'text/html'
    : 'application/json';
