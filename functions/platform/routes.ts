import * as z from 'zod';
import { defineRoute } from '#lib/catalogue/routes.ts';

const handler = (name: string) => `functions/platform/handlers/${name}.ts`;
const owner = 'platform';

export const health = defineRoute({
  method: 'GET',
  path: '/health',
  owner,
  handler: handler('health'),
  scope: null,
  access: 'none',
  summary: 'Liveness: 200 once the service answers',
  responses: { 200: z.object({ status: z.literal('ok') }) },
});

export const openApi = defineRoute({
  method: 'GET',
  path: '/openapi.json',
  owner,
  handler: handler('openapi'),
  scope: null,
  access: 'none',
  summary: 'This OpenAPI document',
  responses: { 200: null },
});

export const routes = [health, openApi];
