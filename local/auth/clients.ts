import { apiClients, type Scope, serviceClients } from '#lib/catalogue/index.ts';

/** A client of the local OAuth2 client-credentials grant (API.md, Authentication). */
export interface LocalClient {
  clientId: string;
  clientSecret: string;
  scopes: readonly Scope[];
}

/** Well-known secrets: this issuer only ever runs on a developer's machine. */
export const localClients: readonly LocalClient[] = [...apiClients, ...serviceClients].map((client) => ({
  clientId: client.clientId,
  clientSecret: `local-${client.clientId}-secret`,
  scopes: client.scopes,
}));

export const findClient = (clientId: string): LocalClient | undefined =>
  localClients.find((client) => client.clientId === clientId);
