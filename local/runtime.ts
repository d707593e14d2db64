import { mkdirSync } from 'node:fs';
import { ensureConsoleBuilt } from '#console/build.ts';
import { consumers, routes, schedules, streamConsumers } from '#functions/catalogue.ts';
import { type Owner, services, topics } from '#lib/catalogue/index.ts';
import { createIssuer } from '#local/auth/signing-key.ts';
import { clientsFor, type Endpoints, queueArn } from '#local/aws.ts';
import type { RuntimeOptions } from '#local/config.ts';
import { loadDemoData } from '#local/demo-data.ts';
import { openDynamoDb, openMessaging } from '#local/emulators/open.ts';
import { type Mailbox, startSes } from '#local/emulators/ses.ts';
import { startEventsLog } from '#local/events-log.ts';
import { createFaults } from '#local/faults.ts';
import { startGateway } from '#local/gateway/server.ts';
import { workerEnvironment } from '#local/lambda/environment.ts';
import { createLambdaHost } from '#local/lambda/host.ts';
import { log, setLogLevel } from '#local/log.ts';
import { startSchedule } from '#local/pollers/scheduler.ts';
import { startSqsPoller } from '#local/pollers/sqs-poller.ts';
import { startStreamPoller } from '#local/pollers/stream-poller.ts';
import { assertJavaAvailable, assertPortsFree, freePort, StartupError } from '#local/preflight.ts';
import { provisionCatalogue } from '#local/provision/catalogue.ts';
import { createStatus } from '#local/status.ts';
import { createAdmission } from './lambda/admission.ts';

export interface Runtime {
  baseUrl: string;
  endpoints: Endpoints;
  /** The SES emulator: its API and its mail viewer. */
  mailbox: Pick<Mailbox, 'endpoint' | 'viewerUrl'>;
  /** Stops everything the runtime started, in reverse order. Safe to call twice. */
  stop(): Promise<void>;
}

const owners: readonly Owner[] = [...services, 'platform'];

/**
 * Starts the whole system on this machine, from the catalogue: emulators, resources, one worker per
 * service, the gateway, the event sources and the demo data. If any step fails, what was started is
 * stopped again before the error is thrown.
 */
export async function startRuntime(options: RuntimeOptions, signal?: AbortSignal): Promise<Runtime> {
  setLogLevel(options.logLevel);
  const stack: { name: string; stop: () => Promise<void> }[] = [];
  const stop = async () => {
    for (const item of stack.splice(0).reverse()) {
      const started = Date.now();
      await item.stop().catch((error) => log.warn(`stopping ${item.name} failed`, error));
      log.debug(`stopped ${item.name} in ${Date.now() - started} ms`);
    }
  };
  const step = () => {
    if (signal?.aborted) throw new StartupError('start interrupted');
  };

  try {
    // An emulator named by its *_ENDPOINT is someone else's: its port is not ours to open or check.
    const ports: Record<string, number> = {
      PORT: options.port,
      ...(options.dynamodbEndpoint ? {} : { DYNAMODB_PORT: options.dynamodbPort }),
      ...(options.messagingEndpoint ? {} : { MESSAGING_PORT: options.messagingPort }),
      SES_PORT: options.sesPort,
      ...(options.servicePort ? { SERVICE_PORT: options.servicePort } : {}),
    };
    if (new Set(Object.values(ports)).size !== Object.keys(ports).length) {
      throw new StartupError(`${Object.keys(ports).join(', ')} must be different ports.`);
    }
    if (!options.dynamodbEndpoint) await assertJavaAvailable();
    await assertPortsFree(ports);
    mkdirSync(options.dataDir, { recursive: true });
    // The console is built (when missing or stale) while the emulators start; it never stops the API.
    const consoleBuild = ensureConsoleBuilt({ signal }).then(
      (outcome) => outcome === 'built' && log.info('console built'),
      (error: Error) => log.warn('the console could not be built; /console/ answers 503', error.message),
    );
    step();

    const dynamodb = await openDynamoDb(options, signal);
    if (!dynamodb.external) stack.push({ name: 'DynamoDB Local', stop: dynamodb.stop });
    step();
    const messaging = await openMessaging(options, signal);
    stack.push({
      name: messaging.external ? 'the messaging fault switch' : 'the SNS/SQS emulator',
      stop: messaging.stop,
    });
    const mailbox = await startSes({ port: options.sesPort });
    stack.push({ name: 'the SES emulator', stop: mailbox.stop });
    const endpoints: Endpoints = {
      dynamodb: dynamodb.endpoint,
      messaging: messaging.endpoint,
      ...(dynamodb.external || messaging.external
        ? { external: { dynamodb: options.dynamodbEndpoint, messaging: options.messagingEndpoint } }
        : {}),
    };
    const clients = clientsFor(endpoints);
    stack.push({
      name: 'the SDK clients',
      stop: async () => {
        for (const client of Object.values(clients)) client.destroy();
      },
    });
    step();

    const { streamArns, queueUrls } = await provisionCatalogue(clients);
    step();

    const baseUrl = `http://127.0.0.1:${options.port}`;
    // The workers are told the service API's URL when they start, so its port is settled first.
    const servicePort = options.servicePort || (await freePort());
    const serviceUrl = `http://127.0.0.1:${servicePort}`;
    const issuer = await createIssuer({ dataDir: options.dataDir, issuerUrl: baseUrl });
    const host = createLambdaHost(
      owners,
      (owner) =>
        workerEnvironment(owner, { baseUrl, serviceUrl, endpoints, sesEndpoint: mailbox.endpoint, options }),
      createAdmission(options.functionConcurrency),
    );
    stack.push({ name: 'the service workers', stop: host.stop });
    const events = await startEventsLog(clients, topics);
    stack.push({ name: 'the events log', stop: events.stop });
    const faults = createFaults(messaging);
    const status = createStatus({
      dynamodb: { endpoint: dynamodb.endpoint, startedHere: !dynamodb.external },
      messaging: {
        endpoint: options.messagingEndpoint ?? messaging.endpoint,
        startedHere: !messaging.external,
      },
    });
    const gateway = await startGateway({
      port: options.port,
      servicePort,
      routes,
      host,
      issuer,
      faults,
      events,
      status,
      mail: mailbox,
    });
    stack.push({ name: 'the gateway', stop: gateway.close });
    step();

    for (const consumer of consumers) {
      const poller = startSqsPoller({
        sqs: clients.sqs,
        host,
        consumer,
        queueUrl: queueUrls.get(consumer.queue)!,
        queueArn: queueArn(consumer.queue),
        status: status.register('sqs', consumer.queue, consumer.handler),
      });
      stack.push({ name: `the ${consumer.queue} poller`, stop: poller.stop });
    }
    for (const consumer of streamConsumers) {
      const streamArn = streamArns.get(consumer.table)!;
      const poller = await startStreamPoller({
        streams: clients.streams,
        host,
        consumer,
        streamArn,
        status: status.register('stream', consumer.name, consumer.handler),
      });
      stack.push({ name: `the ${consumer.name} stream poller`, stop: poller.stop });
    }
    for (const schedule of schedules) {
      const scheduler = startSchedule({
        host,
        schedule,
        status: status.register('schedule', schedule.name, schedule.handler),
      });
      stack.push({ name: `the ${schedule.name} schedule`, stop: scheduler.stop });
    }
    step();

    if (options.demoData) {
      await loadDemoData({ baseUrl, dataDir: options.dataDir, currency: options.currency }).catch((error) =>
        log.warn('demo data not loaded; the next start tries again', (error as Error).message),
      );
    }
    await consoleBuild;
    gateway.markReady();
    return { baseUrl, endpoints, mailbox, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
