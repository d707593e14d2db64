import { notFound } from '#lib/errors.ts';
import type { Page } from '#lib/pagination.ts';
import type { Reservation } from '../domain/reservation.ts';
import type { Movement, Product, Reorder, ReorderStatus } from '../domain/stock.ts';
import type { Store } from './ports.ts';

/** The read side: plain lookups, a 404 when the thing asked for does not exist. */
export const makeQueries = ({ store }: { store: Store }) => ({
  async product(productId: string): Promise<Product> {
    const product = await store.getProduct(productId);
    if (!product) throw notFound('Product', productId);
    return product;
  },
  products: (limit: number, cursor?: string): Promise<Page<Product>> => store.listProducts(limit, cursor),
  async movements(productId: string, limit: number, cursor?: string): Promise<Page<Movement>> {
    const page = await store.listMovements(productId, limit, cursor);
    if (!page) throw notFound('Product', productId);
    return page;
  },
  reorders: (limit: number, cursor?: string, status?: ReorderStatus): Promise<Page<Reorder>> =>
    store.listReorders(limit, cursor, status),
  async reservation(reservationId: string): Promise<Reservation> {
    const reservation = await store.getReservation(reservationId);
    if (!reservation) throw notFound('Reservation', reservationId);
    return reservation;
  },
});
