import { findClient, localClients } from '#local/auth/clients.ts';
import { localStaff } from '#local/auth/staff.ts';
import type { Endpoints } from '#local/aws.ts';

/** What a developer needs to start using the runtime, printed once it is ready. */
export function banner(
  baseUrl: string,
  endpoints: Endpoints,
  dataDir: string,
  mail?: { viewerUrl: string; buyerEmail?: string | undefined },
): string {
  const admin = findClient('admin')!;
  // The console is a public client (no secret): people sign in to it, listed below as staff.
  const clients = localClients
    .filter((c) => c.clientSecret !== undefined)
    .map(
      (c) => `    ${c.clientId.padEnd(18)} ${(c.clientSecret ?? '(none)').padEnd(30)} ${c.scopes.join(' ')}`,
    )
    .join('\n');
  return `
  Retail suite running at ${baseUrl}  (data in ${dataDir})

  Clients (OAuth2 client credentials at ${baseUrl}/oauth2/token):
    ${'client id'.padEnd(18)} ${'secret'.padEnd(30)} scopes
${clients}

  Try it:
    TOKEN=$(curl -s -u ${admin.clientId}:${admin.clientSecret} -d grant_type=client_credentials ${baseUrl}/oauth2/token | jq -r .access_token)
    curl -H "Authorization: Bearer $TOKEN" ${baseUrl}/inventory/products

  Operator console: ${baseUrl}/console/   staff: ${localStaff.map((s) => `${s.username} / ${s.password}`).join(', ')}

${emulatorLines(endpoints)}
  Events published: ${baseUrl}/__local/events   Event sources: ${baseUrl}/__local/status
  Faults: POST/DELETE ${baseUrl}/__local/faults
${mail ? mailLines(baseUrl, mail) : ''}  Ctrl-C stops everything${endpoints.external ? ' it started; the emulators already running stay' : ''}.
`;
}

/** Where the emulators are, and which of them were already running (the runtime leaves those alone). */
function emulatorLines(endpoints: Endpoints): string {
  const external = endpoints.external ?? {};
  const dynamodb = external.dynamodb
    ? `DynamoDB ${external.dynamodb} (DYNAMODB_ENDPOINT, already running)`
    : `DynamoDB Local ${endpoints.dynamodb}`;
  const messaging = external.messaging
    ? `SNS/SQS ${external.messaging} (MESSAGING_ENDPOINT, already running)`
    : `SNS/SQS ${endpoints.messaging}`;
  return `  ${dynamodb}   ${messaging}`;
}

/** Where the e-mails Notifications sends end up offline, and who gets the low-stock alerts. */
function mailLines(baseUrl: string, mail: { viewerUrl: string; buyerEmail?: string | undefined }): string {
  const alerts = mail.buyerEmail
    ? `low-stock alerts go to ${mail.buyerEmail}`
    : 'no low-stock alerts (set NOTIFY_BUYER_EMAIL)';
  return `  Mail (SES emulator): viewer ${mail.viewerUrl}   caught mail: ${baseUrl}/__local/mail?to=   ${alerts}\n`;
}
