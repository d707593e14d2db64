export * from './environment.ts';
export * from './resources.ts';
export * from './routes.ts';
export type * from './types.ts';
