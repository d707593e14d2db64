import { httpRoute } from '#lib/http/route.ts';
import { currency, orders } from '../dependencies.ts';
import * as routes from '../routes.ts';
import { makeSalesReport } from '../use-cases/read-orders.ts';

const salesReport = makeSalesReport({ orders, currency });

export const handler = httpRoute(routes.salesReport, async ({ query }) => ({
  status: 200,
  body: await salesReport(query.from, query.to),
}));
