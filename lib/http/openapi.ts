import * as z from 'zod';
import { allScopes } from '../catalogue/resources.ts';
import { routeKey } from '../catalogue/routes.ts';
import type { RouteDef } from '../catalogue/types.ts';

/** What a service says about one of its routes, beyond the catalogue: the schemas that validate it. */
export interface Operation {
  summary: string;
  body?: z.ZodType;
  query?: z.ZodObject;
  params?: z.ZodObject;
  /** Request headers the route reads, by lower-case name. */
  headers?: z.ZodObject;
  /** Success status → response body schema. */
  responses: Record<number, z.ZodType | null>;
  /** Extra documented error statuses besides the pipeline's 400/401/403/413/500. */
  errors?: number[];
}

export type Operations = Record<string, Operation>;

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

/** The OpenAPI 3.0 document, generated from the catalogue and the services' zod schemas. */
export function openApiDocument(routes: readonly RouteDef[], operations: Operations, version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const op = operations[routeKey(route)];
    const responses: Record<string, unknown> = {};
    for (const [status, schema] of Object.entries(op?.responses ?? { 200: null })) {
      responses[status] = schema
        ? {
            description: 'Success',
            content: { 'application/json': { schema: jsonSchema(schema, 'output') } },
          }
        : { description: 'Success' };
    }
    const errorStatuses = route.scope ? [400, 401, 403, 413, 500, ...(op?.errors ?? [])] : [500];
    for (const status of errorStatuses) responses[String(status)] = { description: 'Problem', ...problem };
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = {
      summary: op?.summary ?? routeKey(route),
      tags: [route.owner],
      ...(route.scope ? { security: [{ bearer: [route.scope] }] } : { security: [] }),
      parameters: [
        ...parameters('path', op?.params),
        ...parameters('query', op?.query),
        ...parameters('header', op?.headers),
      ],
      ...(op?.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(op.body, 'input') } },
            },
          }
        : {}),
      responses,
    };
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
              scopes: Object.fromEntries(
                allScopes.map((scope) => {
                  const [service, access] = scope.split('/');
                  return [scope, `${access === 'write' ? 'change' : 'read'} ${service}`];
                }),
              ),
            },
          },
        },
      },
    },
  };
}
