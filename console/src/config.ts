/**
 * Where the console finds the API and the sign-in, from a small file beside it (`config.json`): the
 * local gateway answers it with its own addresses, the CDK app writes it into the bucket in AWS. One
 * build serves both.
 */
export interface ConsoleConfig {
  /** Base URL of the HTTP API; '' is this origin. */
  apiUrl: string;
  authorizeUrl: string;
  tokenUrl: string;
  logoutUrl: string;
  clientId: string;
  /** The scopes to ask for; a person's group decides which of them the token carries. */
  scopes: string[];
}

export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch(`${import.meta.env.BASE_URL}config.json`, { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  return (await response.json()) as ConsoleConfig;
}

/** The one address sign-in and sign-out come back to: the console's root on this origin. */
export const consoleRoot = (): string => `${location.origin}${import.meta.env.BASE_URL}`;
