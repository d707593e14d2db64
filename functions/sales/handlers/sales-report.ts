import { httpRoute } from '#lib/http/route.ts';
import { currency, orders } from '../dependencies.ts';
import { reportQuery } from '../schemas.ts';
import { makeSalesReport } from '../use-cases/read-orders.ts';

const salesReport = makeSalesReport({ orders, currency });

export const handler = httpRoute({ query: reportQuery }, async ({ query }) => ({
  status: 200,
  body: await salesReport(query.from, query.to),
}));
