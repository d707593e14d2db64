import { createLocalJWKSet, jwtVerify } from 'jose';
import { serviceClients } from '#lib/catalogue/index.ts';
import type { Issuer } from '#local/auth/signing-key.ts';
import { problem } from './problem.ts';
import type { GatewayResponse } from './response.ts';

const serviceClientIds: ReadonlySet<string> = new Set(serviceClients.map((client) => client.clientId));

/**
 * The service API's JWT authorizer, offline: the JWT authorizer in AWS takes only the service clients'
 * audience, so here a request gets through only with an access token this runtime issued (its
 * signature, `iss`, `exp`, `token_use`) to a service client. Anything else is refused before the
 * route's bucket is touched, so no other client can spend the services' budget. The route's scope
 * is still checked by the handler, as everywhere.
 */
export function serviceAuthorizer(
  issuer: Issuer,
  issuerUrl: string,
): (authorization: string | undefined) => Promise<GatewayResponse | undefined> {
  const keys = createLocalJWKSet(issuer.jwks);
  const unauthorized = (detail: string) =>
    problem(401, 'unauthorized', detail, { headers: { 'www-authenticate': 'Bearer' } });
  return async (authorization) => {
    const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
    if (!token) return unauthorized("The service API needs a service's bearer access token.");
    let clientId: unknown;
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: issuerUrl,
        algorithms: ['RS256'],
        requiredClaims: ['exp'],
      });
      if (payload.token_use !== 'access') return unauthorized('The token is not an access token.');
      clientId = payload.client_id;
    } catch {
      return unauthorized('The access token is not valid.');
    }
    if (typeof clientId !== 'string' || !serviceClientIds.has(clientId)) {
      return problem(403, 'forbidden', "The service API serves the services' own clients only.");
    }
    return undefined;
  };
}
