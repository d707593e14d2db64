import { openApiDocument } from '#lib/http/openapi.ts';
import { httpRoute } from '#lib/http/route.ts';
import { routes } from '../../catalogue.ts';
import * as platform from '../routes.ts';

/** Built once per cold start: the document only changes with a deployment. */
const document = openApiDocument(routes, '1.0.0');

export const handler = httpRoute(platform.openApi, async () => ({ status: 200, body: document }));
