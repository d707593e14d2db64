import type { Server } from 'node:http';
import sesLocal from 'aws-ses-v2-local';

/** One e-mail the emulator caught, as `GET /__local/mail` answers it (API.md, Local runtime). */
export interface CaughtMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  at: string;
}

export interface Mailbox {
  /** SES v2's endpoint for the workers (`AWS_ENDPOINT_URL_SESV2`). */
  endpoint: string;
  /** The emulator's own web viewer of the mail it caught. */
  viewerUrl: string;
  /** What it caught since this start, oldest first; only mail to `to` (any case) when given. */
  list(to?: string): Promise<CaughtMail[]>;
  stop(): Promise<void>;
}

/** The emulator's store entry (`GET /store`), the fields read here. */
interface StoredEmail {
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { html?: string; text?: string };
  /** Epoch seconds. */
  at: number;
}

/**
 * aws-ses-v2-local, in this process, on 127.0.0.1 only: the SES v2 API (SendEmail) the Notifications
 * worker calls, a viewer at its root, and its store at `GET /store`, which the local mailbox reads.
 * The store lives in memory: it starts empty (cleared at start) and is gone when the runtime stops.
 */
export async function startSes(options: { port: number }): Promise<Mailbox> {
  // A CommonJS package: its `export default` is the `default` of what ESM imports.
  const server: Server = await sesLocal.default({ host: '127.0.0.1', port: options.port });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  try {
    const cleared = await fetch(`${endpoint}/clear-store`, { method: 'POST' });
    await cleared.arrayBuffer();
    if (!cleared.ok) throw new Error(`the SES emulator did not clear its store (${cleared.status})`);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    endpoint,
    viewerUrl: `${endpoint}/`,
    async list(to) {
      const response = await fetch(`${endpoint}/store`);
      if (!response.ok) throw new Error(`the SES emulator's store answered ${response.status}`);
      const { emails = [] } = (await response.json()) as { emails?: StoredEmail[] };
      const wanted = to?.trim().toLowerCase();
      return emails
        .filter(
          (email) => !wanted || email.destination.to.some((address) => address.toLowerCase() === wanted),
        )
        .map((email) => ({
          from: email.from,
          to: [...email.destination.to],
          subject: email.subject,
          text: email.body.text ?? '',
          html: email.body.html ?? '',
          at: new Date(email.at * 1000).toISOString(),
        }));
    },
    stop,
  };
}
