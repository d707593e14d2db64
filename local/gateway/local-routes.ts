import type { IncomingMessage } from 'node:http';
import { invalidJson } from '#lib/http/body.ts';
import type { PeopleSignIn } from '#local/auth/people-sign-in.ts';
import type { Issuer } from '#local/auth/signing-key.ts';
import { issueToken } from '#local/auth/token-endpoint.ts';
import type { Mailbox } from '#local/emulators/ses.ts';
import type { EventsLog } from '#local/events-log.ts';
import { type Faults, parseFault } from '#local/faults.ts';
import type { Status } from '#local/status.ts';
import { readBody, tooLarge } from './body.ts';
import { isJson } from './guards.ts';
import { json, problem, problemFor } from './problem.ts';
import type { GatewayResponse } from './response.ts';

/** Routes only the local runtime serves: Cognito's two endpoints and the developer's tools. Never deployed. */
const methods: Record<string, readonly string[]> = {
  '/oauth2/token': ['POST'],
  '/oauth2/authorize': ['GET', 'POST'],
  '/logout': ['GET'],
  '/.well-known/jwks.json': ['GET'],
  '/__local/faults': ['GET', 'POST', 'DELETE'],
  '/__local/events': ['GET'],
  '/__local/mail': ['GET'],
  '/__local/status': ['GET'],
};

export const localPaths = new Set(Object.keys(methods));

interface Context {
  issuer: Issuer;
  /** People's sign-in to the console (authorization code with PKCE). */
  people: PeopleSignIn;
  faults: Faults;
  events: EventsLog;
  status: Status;
  mail?: Pick<Mailbox, 'list'> | undefined;
  method: string;
  path: string;
  url: string;
}

export async function handleLocalRoute(req: IncomingMessage, ctx: Context): Promise<GatewayResponse> {
  const allowed = methods[ctx.path] ?? [];
  if (!allowed.includes(ctx.method)) {
    return problem(405, 'method_not_allowed', `${ctx.path} does not accept ${ctx.method}.`, {
      headers: { allow: allowed.join(', ') },
    });
  }
  switch (`${ctx.method} ${ctx.path}`) {
    case 'POST /oauth2/token': {
      const body = await readBody(req);
      if (body === 'too-large') return tooLarge();
      const answer = await issueToken(
        {
          authorization: req.headers.authorization,
          contentType: req.headers['content-type'],
          body: body.toString(),
        },
        ctx.issuer,
        ctx.people,
      );
      return json(answer.status, answer.body, answer.headers);
    }
    case 'GET /oauth2/authorize':
    case 'POST /oauth2/authorize':
    case 'GET /logout': {
      const body = ctx.method === 'POST' ? await readBody(req) : Buffer.alloc(0);
      if (body === 'too-large') return tooLarge();
      const answer = await ctx.people.page({
        method: ctx.method,
        url: ctx.url,
        host: req.headers.host,
        cookie: req.headers.cookie,
        origin: req.headers.origin,
        contentType: req.headers['content-type'],
        body: body.toString(),
      });
      return { status: answer.status, headers: answer.headers, body: Buffer.from(answer.body) };
    }
    case 'GET /.well-known/jwks.json':
      return json(200, ctx.issuer.jwks, { 'cache-control': 'public, max-age=3600' });
    case 'GET /__local/faults':
      return json(200, { faults: ctx.faults.list() });
    case 'POST /__local/faults':
      return setFault(req, ctx.faults);
    case 'DELETE /__local/faults':
      await ctx.faults.clear();
      return json(200, { faults: [] });
    case 'GET /__local/status':
      return json(200, { sources: ctx.status.list(), emulators: ctx.status.emulators });
    case 'GET /__local/mail': {
      if (!ctx.mail) return problem(404, 'not_found', 'This runtime has no SES emulator.');
      const to = new URL(ctx.url, 'http://local').searchParams.get('to') ?? undefined;
      return json(200, { items: await ctx.mail.list(to) });
    }
    default: {
      const type = new URL(ctx.url, 'http://local').searchParams.get('type') ?? undefined;
      return json(200, { items: ctx.events.list(type) });
    }
  }
}

async function setFault(req: IncomingMessage, faults: Faults): Promise<GatewayResponse> {
  if (!isJson(req.headers['content-type'])) {
    return problem(415, 'validation_failed', 'A fault is set with an application/json body.', {
      errors: [{ path: 'header.content-type', message: 'must be application/json' }],
    });
  }
  const body = await readBody(req);
  if (body === 'too-large') return tooLarge();
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return problemFor(invalidJson());
  }
  const parsed = parseFault(value);
  if (!parsed.ok) {
    return problem(400, 'validation_failed', 'The fault is not valid.', { errors: parsed.errors });
  }
  await faults.set(parsed.fault);
  return json(200, { faults: faults.list() });
}
