import { formatMoney, type Money } from '../money.ts';

/**
 * Receipts and e-mails as a Brazilian shop writes them, shared by Sales' printable receipt and
 * Notifications' e-mails so both come from one template: HTML escaping (names and ids come from
 * clients), pt-BR money and dates, and a subject line that cannot carry a header break.
 */
const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => escapes[c] ?? c);

/** `nº 42, série 2`: invoice numbers are gap-free within their series (série), as on a Brazilian nota. */
export const invoiceRef = (number: number, series = 1): string => `nº ${number}, série ${series}`;

/** `R$ 1.234,56` (pt-BR, the deployment's currency). */
export const brl = (money: Money): string => formatMoney(money, 'pt-BR');

/** The shop's local time, as a Brazilian receipt shows it: `01/03/2025, 09:00`. */
export const SHOP_TIME_ZONE = 'America/Sao_Paulo';

export const dateTime = (iso: string, timeZone = SHOP_TIME_ZONE): string =>
  new Intl.DateTimeFormat('pt-BR', { dateStyle: 'short', timeStyle: 'short', timeZone }).format(
    new Date(iso),
  );

/** One line, no control characters (a name with a line break must not start a new header). */
export const subjectLine = (text: string): string =>
  [...text]
    .map((c) => ((c.codePointAt(0) ?? 0) < 0x20 || c === '\u007f' ? ' ' : c))
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);

/** A product as the customer knows it: its name, or its id when no name is known. */
export const productLabel = (line: { productId: string; name?: string | undefined }): string =>
  line.name && line.name.trim() !== '' ? line.name : line.productId;

/** What every template renders: the three parts of one e-mail. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** The shop as the e-mails sign it. */
export interface Seller {
  name: string;
  taxId?: string | undefined;
}
