import { routes } from '#lib/catalogue/routes.ts';
import { openApiDocument } from '#lib/http/openapi.ts';
import { httpRoute } from '#lib/http/route.ts';
import { operations as inventory } from '../../inventory/operations.ts';
import { operations as pricing } from '../../pricing/operations.ts';
import { operations as sales } from '../../sales/operations.ts';

/** Built once per cold start: the document only changes with a deployment. */
const document = openApiDocument(routes, { ...inventory, ...pricing, ...sales }, '1.0.0');

export const handler = httpRoute({}, async () => ({ status: 200, body: document }));
