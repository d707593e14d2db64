import { basename } from 'node:path';

/** `sales-price-changes` -> `SalesPriceChanges`: readable construct ids from catalogue names. */
export const pascal = (name: string): string =>
  name
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');

/** `functions/sales/handlers/place-order.ts` -> `PlaceOrder`. */
export const handlerId = (handler: string): string => pascal(basename(handler, '.ts'));
