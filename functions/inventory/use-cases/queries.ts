import { notFound } from '#lib/errors.ts';
import type { Page } from '#lib/pagination.ts';
import type { Reservation } from '../domain/reservation.ts';
import type { ProductFilter } from '../domain/search.ts';
import type { Movement, Product, Reorder, ReorderStatus } from '../domain/stock.ts';
import type { LedgerStore, ProductStore, ReorderStore, ReservationStore } from '../ports.ts';

interface Deps {
  products: ProductStore;
  reservations: ReservationStore;
  ledger: LedgerStore;
  reorders: ReorderStore;
}

/** The read side: plain lookups, a 404 when the thing asked for does not exist. */
export const makeQueries = ({ products, reservations, ledger, reorders }: Deps) => ({
  async product(productId: string): Promise<Product> {
    const product = await products.getProduct(productId);
    if (!product) throw notFound('Product', productId);
    return product;
  },
  /** `filter`: `q` (a SKU, or the start of words of the name) and/or `lowStock` (domain/search.ts). */
  products: (limit: number, cursor?: string, filter: ProductFilter = {}): Promise<Page<Product>> =>
    products.listProducts(limit, cursor, filter),
  async movements(productId: string, limit: number, cursor?: string): Promise<Page<Movement>> {
    const page = await ledger.listMovements(productId, limit, cursor);
    if (!page) throw notFound('Product', productId);
    return page;
  },
  reorders: (limit: number, cursor?: string, status?: ReorderStatus): Promise<Page<Reorder>> =>
    reorders.listReorders(limit, cursor, status),
  async reservation(reservationId: string): Promise<Reservation> {
    const reservation = await reservations.getReservation(reservationId);
    if (!reservation) throw notFound('Reservation', reservationId);
    return reservation;
  },
});
