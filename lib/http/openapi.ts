import * as z from 'zod';
import { allScopes, scopeDescriptions } from '../catalogue/resources.ts';
import { routeKey, routePaths } from '../catalogue/routes.ts';
import type { RouteDef } from '../catalogue/types.ts';

const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, target: 'openapi-3.0', unrepresentable: 'any' });

const problem = {
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};

function parameters(location: 'path' | 'query' | 'header', schema: z.ZodObject | undefined) {
  if (!schema) return [];
  return Object.entries(schema.shape).map(([name, field]) => ({
    name,
    in: location,
    required: location === 'path' || !(field as z.ZodType).safeParse(undefined).success,
    schema: jsonSchema(field as z.ZodType, 'input'),
  }));
}

/** The OpenAPI 3.0 document, generated from the routes' own entries: the schemas that validate them. */
export function openApiDocument(routes: readonly RouteDef[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    for (const path of routePaths(route)) {
      paths[path] ??= {};
      paths[path]![route.method.toLowerCase()] = operation(route, path);
    }
  }
  return {
    openapi: '3.0.3',
    info: { title: 'Retail suite: Inventory, Pricing and Sales', version },
    paths,
    components: {
      schemas: { Problem: problemSchema },
      securitySchemes: {
        bearer: {
          type: 'oauth2',
          flows: {
            clientCredentials: {
              tokenUrl: '/oauth2/token',
              scopes: Object.fromEntries(allScopes.map((scope) => [scope, scopeDescriptions[scope]])),
            },
          },
        },
      },
    },
  };
}

function operation(route: RouteDef, path: string) {
  const responses: Record<string, unknown> = {};
  for (const [status, schema] of Object.entries(route.responses)) {
    responses[status] = schema
      ? { description: 'Success', content: { 'application/json': { schema: jsonSchema(schema, 'output') } } }
      : { description: 'Success' };
  }
  // Every route is rate limited (429), and any may find a dependency too busy to answer (503).
  const errorStatuses = route.scope
    ? [400, 401, 403, 413, 429, 500, 503, ...(route.errors ?? [])]
    : [429, 500, 503];
  for (const status of errorStatuses) responses[String(status)] = { description: 'Problem', ...problem };
  return {
    summary: path === route.path ? route.summary : `Seed path of ${routeKey(route)}: ${route.summary}`,
    tags: [route.owner],
    ...(route.scope ? { security: [{ bearer: [route.scope] }] } : { security: [] }),
    parameters: [
      ...parameters('path', route.params),
      ...parameters('query', route.query),
      ...parameters('header', route.headers),
    ],
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
          },
        }
      : {}),
    responses,
  };
}
