import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';

/** A problem the developer can fix; `main.ts` prints its message as one line and exits 1. */
export class StartupError extends Error {}

/** DynamoDB Local is a Java program; without Java nothing else is worth starting. */
export async function assertJavaAvailable(): Promise<void> {
  const ok = await new Promise<boolean>((resolve) => {
    const child = spawn('java', ['-version'], { stdio: 'ignore' });
    child.once('error', () => resolve(false));
    child.once('exit', (code) => resolve(code === 0));
  });
  if (!ok) {
    throw new StartupError(
      'Java 17+ was not found on PATH; DynamoDB Local needs it. Install a JDK (e.g. `apt install openjdk-17-jdk-headless` or `brew install openjdk@17`) and try again.',
    );
  }
}

const canListen = (port: number, host: string | undefined): Promise<boolean> =>
  new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });

/** A port nothing listens on right now on 127.0.0.1, chosen by the OS. */
/**
 * `count` distinct free ports. Each is held until all are chosen: a port let go at once may be handed
 * out again by the next ask, and two emulators given one port refuse to start.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port: 0, host: '127.0.0.1' }, resolve);
      });
    }
    return servers.map((server) => {
      const address = server.address();
      return typeof address === 'object' && address ? address.port : 0;
    });
  } finally {
    await Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve())),
      ),
    );
  }
}

export const freePort = async (): Promise<number> => (await freePorts(1))[0]!;

/**
 * Checks every port before anything starts, so a clash is one clear line instead of a half-started
 * system. The wildcard check beside the loopback one also catches a port another program holds on all interfaces.
 */
export async function assertPortsFree(ports: Record<string, number>): Promise<void> {
  for (const [name, port] of Object.entries(ports)) {
    const free = (await canListen(port, '127.0.0.1')) && (await canListen(port, undefined));
    if (!free) {
      throw new StartupError(
        `Port ${port} (${name}) is already in use; stop whatever holds it (an earlier \`npm start\`?) or choose another with ${name}=<port>.`,
      );
    }
  }
}
