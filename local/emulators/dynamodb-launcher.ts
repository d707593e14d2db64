import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StartupError } from '#local/preflight.ts';

export const LAUNCHER_CLASS = 'LoopbackDynamoDbLocal';

const source = fileURLToPath(new URL(`./java/${LAUNCHER_CLASS}.java`, import.meta.url));
const cacheRoot = fileURLToPath(
  new URL('../../node_modules/.cache/retail-suite/dynamodb-launcher/', import.meta.url),
);

/**
 * DynamoDB Local has no option to listen on loopback only, so it is started through a small launcher
 * of our own (`java/LoopbackDynamoDbLocal.java`) that binds 127.0.0.1 and refuses browser pages and
 * foreign Host names. It is compiled once per version of its source into node_modules/.cache, so a
 * start pays for `javac` only the first time; the folder of the compiled class is returned.
 */
export async function compiledLauncher(classpath: readonly string[]): Promise<string> {
  const hash = createHash('sha256').update(readFileSync(source)).digest('hex').slice(0, 16);
  const dir = join(cacheRoot, hash);
  if (existsSync(join(dir, `${LAUNCHER_CLASS}.class`))) return dir;
  // Compile aside and rename into place, so runtimes starting at once never see half a class file.
  const scratch = `${dir}.${process.pid}.${Date.now()}`;
  mkdirSync(scratch, { recursive: true });
  try {
    await javac(['-nowarn', '-cp', classpath.join(delimiter), '-d', scratch, source]);
    try {
      renameSync(scratch, dir);
    } catch {
      // Another start compiled the same source first; its class is as good as ours.
      if (!existsSync(join(dir, `${LAUNCHER_CLASS}.class`)))
        throw new StartupError('could not cache the launcher');
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return dir;
}

function javac(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const output: string[] = [];
    const child = spawn('javac', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('error', () => reject(new StartupError(javacMissing)));
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new StartupError(`javac could not compile the DynamoDB Local launcher: ${output.join('')}`)),
    );
  });
}

const javacMissing =
  'javac was not found on PATH; starting DynamoDB Local on 127.0.0.1 only needs a JDK 17+, not just a JRE (e.g. `apt install openjdk-17-jdk-headless` or `brew install openjdk@17`).';
