/** Formats and day arithmetic of the console: pt-BR, amounts in R$, days as São Paulo counts them. */

export const TIME_ZONE = 'America/Sao_Paulo';
const LOCALE = 'pt-BR';

export interface Money {
  amount: number;
  currency: string;
}

const moneyFormats = new Map<string, Intl.NumberFormat>();
const moneyFormat = (currency: string): Intl.NumberFormat => {
  let format = moneyFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat(LOCALE, { style: 'currency', currency });
    moneyFormats.set(currency, format);
  }
  return format;
};

/** How many minor units a currency has (BRL: 2), as Intl knows it. */
export const minorDigits = (currency: string): number =>
  moneyFormat(currency).resolvedOptions().maximumFractionDigits ?? 2;

/** `R$ 1.234,56` from `{ amount: 123456, currency: 'BRL' }`: money is integer minor units. */
export const formatMoney = (money: Money): string =>
  moneyFormat(money.currency).format(money.amount / 10 ** minorDigits(money.currency));

export const formatAmount = (amount: number, currency = 'BRL'): string => formatMoney({ amount, currency });

/** Minor units from what a person types: `12,5`, `1.234,56`, `1234.56`; undefined when it is not a price. */
export function parseAmount(text: string, currency = 'BRL'): number | undefined {
  const digits = minorDigits(currency);
  let clean = text.replace(/[R$\s\u00a0]/g, '');
  if (clean.includes(',')) clean = clean.replace(/\./g, '').replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(clean)) return undefined;
  const [whole = '0', fraction = ''] = clean.split('.');
  if (fraction.length > digits) return undefined;
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}

/** The same amount in a form field: `1234,56`. */
export const amountForInput = (amount: number, currency = 'BRL'): string => {
  const digits = minorDigits(currency);
  return (amount / 10 ** digits).toFixed(digits).replace('.', ',');
};

export const formatInteger = (value: number): string => new Intl.NumberFormat(LOCALE).format(value);

const dateTimeFormat = new Intl.DateTimeFormat(LOCALE, {
  timeZone: TIME_ZONE,
  dateStyle: 'short',
  timeStyle: 'short',
});
const dateFormat = new Intl.DateTimeFormat(LOCALE, { timeZone: TIME_ZONE, dateStyle: 'short' });

/** `01/12/2026, 14:05` in São Paulo time, from an ISO 8601 UTC timestamp. */
export const formatDateTime = (iso: string): string => dateTimeFormat.format(new Date(iso));
export const formatDate = (iso: string): string => dateFormat.format(new Date(iso));

/** A calendar day `YYYY-MM-DD` as `01/12/2026`, with no time zone shift. */
export const formatDay = (day: string): string => {
  const [year, month, date] = day.split('-');
  return `${date}/${month}/${year}`;
};

const partsFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

const partsOf = (instant: Date): Record<string, string> =>
  Object.fromEntries(partsFormat.formatToParts(instant).map((part) => [part.type, part.value]));

/** The São Paulo calendar day of an instant, `YYYY-MM-DD`. */
export const dayOf = (instant: Date): string => {
  const p = partsOf(instant);
  return `${p.year}-${p.month}-${p.day}`;
};

export const today = (): string => dayOf(new Date());

/** São Paulo's offset from UTC at an instant, in minutes (−180 since 2019, when DST ended). */
const offsetMinutes = (instant: Date): number => {
  const p = partsOf(instant);
  const asUtc = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
  );
  return Math.round((asUtc - Math.floor(instant.getTime() / 60_000) * 60_000) / 60_000);
};

/** The instant a São Paulo wall-clock time `YYYY-MM-DDTHH:mm` names. */
export function instantOf(local: string): Date {
  const [day = '', time = '00:00'] = local.split('T');
  const [year, month, date] = day.split('-').map(Number);
  const [hour, minute] = time.split(':').map(Number);
  const guess = Date.UTC(year!, month! - 1, date!, hour!, minute!);
  // Two passes settle the offset even on a day it changes.
  let instant = new Date(guess - offsetMinutes(new Date(guess)) * 60_000);
  instant = new Date(guess - offsetMinutes(instant) * 60_000);
  return instant;
}

/** The first instant of a São Paulo day. */
export const startOfDay = (day: string): Date => instantOf(`${day}T00:00`);

/** The day `n` days after (or before, negative) `day`. */
export const addDays = (day: string, n: number): string => {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(Date.UTC(year!, month! - 1, date! + n)).toISOString().slice(0, 10);
};

/** An instant as a `datetime-local` value in São Paulo time. */
export const localInputOf = (instant: Date): string => {
  const p = partsOf(instant);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
};

/** Whole days from `from` to `to` (both `YYYY-MM-DD`). */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

export const signed = (value: number): string =>
  value > 0 ? `+${formatInteger(value)}` : formatInteger(value);
