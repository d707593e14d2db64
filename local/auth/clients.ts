import { allScopes, apiClients, type Scope, serviceClients } from '#lib/catalogue/index.ts';

/** A client of the local issuer (API.md, Authentication). */
export interface LocalClient {
  clientId: string;
  /** A confidential client's secret (client-credentials grant); a public client has none. */
  clientSecret: string | undefined;
  /** The most its tokens may carry; a person's token carries only what their role allows of these. */
  scopes: readonly Scope[];
  /**
   * A public client of the authorization-code grant: the path on this gateway its sign-ins come back
   * to (the only `redirect_uri` and `logout_uri` it may name, on the gateway's own origin).
   */
  redirectPath?: string;
}

/** The operator console: a browser app, so a public client (no secret), signing people in with PKCE. */
export const consoleClient: LocalClient = {
  clientId: 'console',
  clientSecret: undefined,
  scopes: allScopes,
  redirectPath: '/console/',
};

/** Well-known secrets: this issuer only ever runs on a developer's machine. */
export const localClients: readonly LocalClient[] = [
  ...[...apiClients, ...serviceClients].map((client) => ({
    clientId: client.clientId,
    clientSecret: `local-${client.clientId}-secret`,
    scopes: client.scopes,
  })),
  consoleClient,
];

export const findClient = (clientId: string): LocalClient | undefined =>
  localClients.find((client) => client.clientId === clientId);
