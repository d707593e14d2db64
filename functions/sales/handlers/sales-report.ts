import { httpRoute } from '#lib/http/route.ts';
import { currency, orders, rollups } from '../dependencies.ts';
import * as routes from '../routes.ts';
import { makeSalesReport } from '../use-cases/report.ts';

const salesReport = makeSalesReport({ orders, rollups, currency });

export const handler = httpRoute(routes.salesReport, async ({ query }) => ({
  status: 200,
  body: await salesReport(query.from, query.to),
}));
