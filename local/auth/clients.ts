import { type Scope, serviceClients } from '#lib/catalogue/index.ts';

/** A client of the local OAuth2 client-credentials grant (API.md, Authentication). */
export interface LocalClient {
  clientId: string;
  clientSecret: string;
  scopes: readonly Scope[];
}

const allScopes: readonly Scope[] = [
  'inventory/read',
  'inventory/write',
  'pricing/read',
  'pricing/write',
  'sales/read',
  'sales/write',
];

/** Well-known secrets: this issuer only ever runs on a developer's machine. */
export const localClients: readonly LocalClient[] = [
  { clientId: 'admin', clientSecret: 'local-admin-secret', scopes: allScopes },
  {
    clientId: 'pos',
    clientSecret: 'local-pos-secret',
    scopes: ['sales/read', 'sales/write', 'inventory/read', 'pricing/read'],
  },
  ...serviceClients.map((client) => ({
    clientId: client.clientId,
    clientSecret: `local-${client.clientId}-secret`,
    scopes: client.scopes,
  })),
];

export const findClient = (clientId: string): LocalClient | undefined =>
  localClients.find((client) => client.clientId === clientId);
