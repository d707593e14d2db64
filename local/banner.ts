import { findClient, localClients } from '#local/auth/clients.ts';
import type { Endpoints } from '#local/aws.ts';

/** What a developer needs to start using the runtime, printed once it is ready. */
export function banner(baseUrl: string, endpoints: Endpoints, dataDir: string): string {
  const admin = findClient('admin')!;
  const clients = localClients
    .map((c) => `    ${c.clientId.padEnd(18)} ${c.clientSecret.padEnd(30)} ${c.scopes.join(' ')}`)
    .join('\n');
  return `
  Retail suite running at ${baseUrl}  (data in ${dataDir})

  Clients (OAuth2 client credentials at ${baseUrl}/oauth2/token):
    ${'client id'.padEnd(18)} ${'secret'.padEnd(30)} scopes
${clients}

  Try it:
    TOKEN=$(curl -s -u ${admin.clientId}:${admin.clientSecret} -d grant_type=client_credentials ${baseUrl}/oauth2/token | jq -r .access_token)
    curl -H "Authorization: Bearer $TOKEN" ${baseUrl}/inventory/products

  DynamoDB Local ${endpoints.dynamodb}   SNS/SQS ${endpoints.messaging}
  Events published: ${baseUrl}/__local/events   Event sources: ${baseUrl}/__local/status
  Faults: POST/DELETE ${baseUrl}/__local/faults
  Ctrl-C stops everything.
`;
}
