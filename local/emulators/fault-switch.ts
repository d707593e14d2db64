import {
  createServer,
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { handBack, isReceive, shortened } from './long-polls.ts';
import type { Messaging } from './messaging.ts';

/** Hop-by-hop headers: each side of the switch has its own connection. */
const hopByHop = new Set(['connection', 'keep-alive', 'proxy-connection', 'upgrade']);

const endToEnd = (headers: IncomingHttpHeaders, replaced: string[] = []): IncomingHttpHeaders =>
  Object.fromEntries(
    Object.entries(headers).filter(([name]) => !hopByHop.has(name) && !replaced.includes(name)),
  );

/**
 * A loopback HTTP pass-through in front of an emulator this runtime did not start (MESSAGING_ENDPOINT):
 * the runtime may not stop someone else's LocalStack for a `messaging` fault, so while paused the
 * switch refuses every new request (the connection is dropped, as when our own emulator is stopped).
 * Requests already on their way are let finish and answered. SQS long polls are kept short and what
 * an abandoned one received is handed back (./long-polls.ts).
 */
export interface FaultSwitch extends Messaging {
  /** Receives sent on to the emulator and not answered yet. */
  longPolls(): number;
}

export async function startFaultSwitch(target: string): Promise<FaultSwitch> {
  const upstream = new URL(target);
  const tls = upstream.protocol === 'https:';
  const send = tls ? httpsRequest : httpRequest;
  const agent = tls ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  let paused = false;
  const receiving = new Set<Promise<void>>();
  let upstreamPolls = 0;

  const forward = (req: IncomingMessage, extra: OutgoingHttpHeaders = {}) =>
    send({
      protocol: upstream.protocol,
      hostname: upstream.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: upstream.port || (tls ? 443 : 80),
      method: req.method,
      path: req.url,
      // A body of a new length is sent whole, whatever framing the client chose.
      headers: {
        ...endToEnd(req.headers, 'content-length' in extra ? ['content-length', 'transfer-encoding'] : []),
        host: upstream.host,
        ...extra,
      },
      agent,
    });

  /** Anything but a receive, streamed both ways. */
  function pass(req: IncomingMessage, res: ServerResponse): void {
    const forwarded = forward(req);
    forwarded.once('response', (answer) => {
      res.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
      answer.pipe(res);
    });
    // The emulator failing is the same network error for the client as if it had called it directly.
    forwarded.once('error', () => req.socket.destroy());
    res.once('close', () => {
      if (!res.writableFinished) forwarded.destroy();
    });
    req.pipe(forwarded);
  }

  /** A receive, buffered (a few messages at most) so that an answer nobody waits for any more is handed back. */
  async function receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let left = false;
    res.once('close', () => {
      left = !res.writableFinished;
    });
    const body = shortened(await collect(req));
    const answer = await new Promise<{ status: number; headers: IncomingHttpHeaders; payload: Buffer }>(
      (resolve, reject) => {
        const forwarded = forward(req, { 'content-length': String(body.length) });
        let sent = false;
        const answered = () => {
          if (sent) upstreamPolls--;
          sent = false;
        };
        forwarded.once('close', answered);
        forwarded.once('response', (incoming) =>
          collect(incoming).then(
            (payload) => resolve({ status: incoming.statusCode ?? 502, headers: incoming.headers, payload }),
            reject,
          ),
        );
        forwarded.once('error', reject);
        forwarded.end(body, () => {
          sent = true;
          upstreamPolls++;
        });
      },
    ).catch(() => undefined);
    if (!answer) {
      req.socket.destroy();
      return;
    }
    if (left) {
      if (answer.status === 200) await handBack(target, body, answer.payload);
      return;
    }
    res.writeHead(answer.status, endToEnd(answer.headers));
    res.end(answer.payload);
  }

  const server = createServer((req, res) => {
    if (paused) {
      req.socket.destroy();
      return;
    }
    if (!isReceive(req)) return pass(req, res);
    const done = receive(req, res).catch(() => {
      req.socket.destroy();
    });
    receiving.add(done);
    void done.finally(() => receiving.delete(done));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    pause: async () => {
      paused = true;
      // Idle kept-alive connections go now; the next request on a busy one is refused above.
      server.closeIdleConnections();
    },
    resume: async () => {
      paused = false;
    },
    longPolls: () => upstreamPolls,
    stop: async () => {
      paused = true;
      // The runtime's pollers have stopped by now: their last polls end within the short wait.
      await Promise.race([Promise.all(receiving), sleep(5_000, undefined, { ref: false })]);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      agent.destroy();
    },
  };
}

const collect = async (stream: AsyncIterable<Buffer>): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
};
