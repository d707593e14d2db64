import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { environmentFor, serviceClientOf, tableOf, topicOf } from '#lib/catalogue/index.ts';
import { dummyCredentials, region, topicArn } from '#local/aws.ts';
import type { Bundle } from './bundles.ts';
import { median, round } from './stats.ts';

export interface InitTiming {
  handler: string;
  /** Median time to import the bundle (module init), in a fresh process each run. */
  initMs: number;
  initRunsMs: number[];
  /** Median from spawning the process to its exit: Node's own start plus the init. */
  processMs: number;
  error?: string;
}

const probe = fileURLToPath(new URL('./import-probe.ts', import.meta.url));

/**
 * What a deployed function of this owner gets (environmentFor, with dummy names and secrets), with the
 * SDK endpoints pointed at the runtime so nothing reaches AWS, and `--enable-source-maps` as the CDK
 * app sets in NODE_OPTIONS. Nothing else of this process's environment is passed on.
 */
function functionEnvironment(
  bundle: Bundle,
  endpoints: { baseUrl: string; dynamodb: string; messaging: string },
) {
  const owner = bundle.owners[0]!;
  const service = owner === 'platform' ? undefined : owner;
  const client = service ? serviceClientOf(service) : undefined;
  const topic = service ? topicOf(service) : undefined;
  return {
    ...environmentFor(owner, {
      tableName: service ? tableOf(service).name : undefined,
      topicArn: topic ? topicArn(topic.name) : undefined,
      apiUrl: endpoints.baseUrl,
      serviceApiUrl: client ? endpoints.baseUrl : undefined,
      jwtIssuer: endpoints.baseUrl,
      jwksUri: `${endpoints.baseUrl}/.well-known/jwks.json`,
      tokenUrl: `${endpoints.baseUrl}/oauth2/token`,
      allowedClientIds: ['admin', 'pos'],
      serviceClientIds: { sales: 'sales-service', inventory: 'inventory-service' },
      clientId: client?.clientId,
      clientSecret: client ? 'bench-dummy-secret' : undefined,
      currency: 'BRL',
      reservationTtlSeconds: 900,
      priceCacheMaxAgeSeconds: 3600,
      logLevel: 'INFO',
      payments: 'simulator',
    }),
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_DYNAMODB_STREAMS: endpoints.dynamodb,
    AWS_ENDPOINT_URL_SNS: endpoints.messaging,
    AWS_ENDPOINT_URL_SQS: endpoints.messaging,
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: dummyCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: dummyCredentials.secretAccessKey,
    NODE_OPTIONS: '--enable-source-maps',
  };
}

function runOnce(
  bundle: Bundle,
  env: Record<string, string>,
): Promise<{ importMs: number; processMs: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [probe, bundle.file], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      const processMs = performance.now() - started;
      const line = out.trim().split('\n').at(-1) ?? '';
      try {
        const parsed = JSON.parse(line) as { importMs: number; ok: boolean };
        if (!parsed.ok) throw new Error('no handler export');
        resolve({ importMs: parsed.importMs, processMs });
      } catch {
        reject(new Error(`exit ${code}: ${(err || out).trim().split('\n').slice(-3).join(' | ')}`));
      }
    });
  });
}

/** Each bundle `runs` times, one at a time, so the runs never compete for the two cores. */
export async function coldInit(
  bundles: readonly Bundle[],
  endpoints: { baseUrl: string; dynamodb: string; messaging: string },
  runs = 5,
): Promise<InitTiming[]> {
  const out: InitTiming[] = [];
  for (const bundle of bundles) {
    const env = functionEnvironment(bundle, endpoints);
    const imports: number[] = [];
    const processes: number[] = [];
    try {
      for (let i = 0; i < runs; i++) {
        const { importMs, processMs } = await runOnce(bundle, env);
        imports.push(importMs);
        processes.push(processMs);
      }
      out.push({
        handler: bundle.handler,
        initMs: median(imports),
        initRunsMs: imports.map((x) => round(x)),
        processMs: median(processes),
      });
    } catch (error) {
      out.push({
        handler: bundle.handler,
        initMs: Number.NaN,
        initRunsMs: [],
        processMs: Number.NaN,
        error: (error as Error).message,
      });
    }
  }
  return out;
}
