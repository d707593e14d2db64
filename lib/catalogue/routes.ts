import type { RouteDef } from './types.ts';

const inventory = (h: string) => `functions/inventory/handlers/${h}.ts`;
const pricing = (h: string) => `functions/pricing/handlers/${h}.ts`;
const sales = (h: string) => `functions/sales/handlers/${h}.ts`;
const platform = (h: string) => `functions/platform/handlers/${h}.ts`;

/** Every HTTP route of API.md that is deployed. The local-only routes live in local/. */
export const routes: readonly RouteDef[] = [
  { method: 'GET', path: '/health', owner: 'platform', handler: platform('health'), scope: null },
  { method: 'GET', path: '/openapi.json', owner: 'platform', handler: platform('openapi'), scope: null },

  {
    method: 'POST',
    path: '/inventory/products',
    owner: 'inventory',
    handler: inventory('create-product'),
    scope: 'inventory/write',
  },
  {
    method: 'GET',
    path: '/inventory/products',
    owner: 'inventory',
    handler: inventory('list-products'),
    scope: 'inventory/read',
  },
  {
    method: 'GET',
    path: '/inventory/products/{productId}',
    owner: 'inventory',
    handler: inventory('get-product'),
    scope: 'inventory/read',
  },
  {
    method: 'GET',
    path: '/inventario/produto/{productId}',
    owner: 'inventory',
    handler: inventory('get-product'),
    scope: 'inventory/read',
  },
  {
    method: 'PUT',
    path: '/inventory/products/{productId}',
    owner: 'inventory',
    handler: inventory('change-stock'),
    scope: 'inventory/write',
  },
  {
    method: 'PUT',
    path: '/inventario/produto/{productId}',
    owner: 'inventory',
    handler: inventory('change-stock'),
    scope: 'inventory/write',
  },
  {
    method: 'GET',
    path: '/inventory/products/{productId}/movements',
    owner: 'inventory',
    handler: inventory('list-movements'),
    scope: 'inventory/read',
  },
  {
    method: 'POST',
    path: '/inventory/reservations',
    owner: 'inventory',
    handler: inventory('create-reservation'),
    scope: 'inventory/write',
  },
  {
    method: 'GET',
    path: '/inventory/reservations/{reservationId}',
    owner: 'inventory',
    handler: inventory('get-reservation'),
    scope: 'inventory/read',
  },
  {
    method: 'POST',
    path: '/inventory/reservations/{reservationId}/commit',
    owner: 'inventory',
    handler: inventory('commit-reservation'),
    scope: 'inventory/write',
  },
  {
    method: 'DELETE',
    path: '/inventory/reservations/{reservationId}',
    owner: 'inventory',
    handler: inventory('release-reservation'),
    scope: 'inventory/write',
  },
  {
    method: 'GET',
    path: '/inventory/reorders',
    owner: 'inventory',
    handler: inventory('list-reorders'),
    scope: 'inventory/read',
  },
  {
    method: 'POST',
    path: '/inventory/reorders/{reorderId}/receive',
    owner: 'inventory',
    handler: inventory('receive-reorder'),
    scope: 'inventory/write',
  },

  {
    method: 'PUT',
    path: '/prices/products/{productId}',
    owner: 'pricing',
    handler: pricing('set-price'),
    scope: 'pricing/write',
  },
  {
    method: 'GET',
    path: '/prices/products/{productId}',
    owner: 'pricing',
    handler: pricing('get-price'),
    scope: 'pricing/read',
  },
  {
    method: 'GET',
    path: '/precos/produto/{productId}',
    owner: 'pricing',
    handler: pricing('get-price'),
    scope: 'pricing/read',
  },
  {
    method: 'GET',
    path: '/prices/products/{productId}/history',
    owner: 'pricing',
    handler: pricing('list-price-history'),
    scope: 'pricing/read',
  },
  {
    method: 'POST',
    path: '/prices/promotions',
    owner: 'pricing',
    handler: pricing('create-promotion'),
    scope: 'pricing/write',
  },
  {
    method: 'GET',
    path: '/prices/promotions',
    owner: 'pricing',
    handler: pricing('list-promotions'),
    scope: 'pricing/read',
  },
  {
    method: 'DELETE',
    path: '/prices/promotions/{promotionId}',
    owner: 'pricing',
    handler: pricing('end-promotion'),
    scope: 'pricing/write',
  },

  {
    method: 'POST',
    path: '/sales/orders',
    owner: 'sales',
    handler: sales('place-order'),
    timeoutSeconds: 20,
    scope: 'sales/write',
  },
  {
    method: 'GET',
    path: '/sales/orders',
    owner: 'sales',
    handler: sales('list-orders'),
    scope: 'sales/read',
  },
  {
    method: 'GET',
    path: '/sales/orders/{orderId}',
    owner: 'sales',
    handler: sales('get-order'),
    scope: 'sales/read',
  },
  {
    method: 'POST',
    path: '/sales/orders/{orderId}/cancel',
    owner: 'sales',
    handler: sales('cancel-order'),
    scope: 'sales/write',
  },
  {
    method: 'GET',
    path: '/sales/orders/{orderId}/invoice',
    owner: 'sales',
    handler: sales('get-invoice'),
    scope: 'sales/read',
  },
  {
    method: 'GET',
    path: '/sales/reports/sales',
    owner: 'sales',
    handler: sales('sales-report'),
    scope: 'sales/read',
  },
];

/** API Gateway's route key, e.g. `GET /inventory/products/{productId}`. */
export const routeKey = (route: Pick<RouteDef, 'method' | 'path'>): string => `${route.method} ${route.path}`;

const byKey = new Map(routes.map((route) => [routeKey(route), route]));

export const findRoute = (key: string): RouteDef | undefined => byKey.get(key);
