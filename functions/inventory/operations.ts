import type { Operations } from '#lib/http/openapi.ts';

/** This service's routes as the OpenAPI document describes them, keyed by route key. */
export const operations: Operations = {};
