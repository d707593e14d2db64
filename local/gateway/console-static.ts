import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { allScopes } from '#lib/catalogue/index.ts';
import { consoleClient } from '#local/auth/clients.ts';
import { json, problem } from './problem.ts';
import type { GatewayResponse } from './response.ts';

/** Where the console is served (API.md, Local runtime): its files, and index.html for every screen. */
export const CONSOLE_PATH = '/console';

export const isConsolePath = (path: string): boolean =>
  path === CONSOLE_PATH || path.startsWith(`${CONSOLE_PATH}/`);

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The console's security headers, as CloudFront's response-headers policy sets them in AWS: scripts
 * and connections only to this origin, inline styles (the API's printable receipt is shown in a
 * sandboxed frame and brings its own), never framed by another site.
 */
export const consoleHeaders: Record<string, string> = {
  'content-security-policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

/** The runtime config the console reads at start; in AWS the CDK app writes the same file to the bucket. */
const runtimeConfig = {
  apiUrl: '',
  authorizeUrl: '/oauth2/authorize',
  tokenUrl: '/oauth2/token',
  logoutUrl: '/logout',
  clientId: consoleClient.clientId,
  scopes: allScopes,
};

const file = async (distDir: string, name: string): Promise<Buffer | undefined> => {
  try {
    return await readFile(join(distDir, name));
  } catch {
    return undefined;
  }
};

/**
 * `GET /console/...`: a file of the build when the path names one (hashed assets are cached for good),
 * else index.html, so every screen's address survives a reload (the SPA fallback).
 */
export async function serveConsole(method: string, path: string, distDir: string): Promise<GatewayResponse> {
  if (method !== 'GET' && method !== 'HEAD') {
    return problem(405, 'method_not_allowed', `${path} does not accept ${method}.`, {
      headers: { allow: 'GET, HEAD' },
    });
  }
  if (path === CONSOLE_PATH) {
    return {
      status: 308,
      headers: { location: `${CONSOLE_PATH}/`, ...consoleHeaders },
      body: Buffer.alloc(0),
    };
  }
  if (path === `${CONSOLE_PATH}/config.json`) {
    return json(200, runtimeConfig, { 'cache-control': 'no-store', ...consoleHeaders });
  }
  let relative: string;
  try {
    relative = normalize(decodeURIComponent(path.slice(CONSOLE_PATH.length + 1)));
  } catch {
    return problem(400, 'validation_failed', 'The path is not valid.');
  }
  if (relative.startsWith('..') || relative.includes(`${sep}..`) || relative.startsWith(sep)) {
    return problem(404, 'not_found', `No file ${path}.`);
  }
  const isFile = extname(relative) !== '' && !relative.endsWith(sep);
  if (isFile) {
    const body = await file(distDir, relative);
    if (!body) return problem(404, 'not_found', `No file ${path}.`);
    const immutable = relative.startsWith(`assets${sep}`);
    return {
      status: 200,
      headers: {
        'content-type': types[extname(relative)] ?? 'application/octet-stream',
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        ...consoleHeaders,
      },
      body,
    };
  }
  const index = await file(distDir, 'index.html');
  if (!index) {
    return problem(
      503,
      'dependency_unavailable',
      'The console is not built yet: run `npm run build:console`.',
      {
        headers: { 'retry-after': '5' },
      },
    );
  }
  return {
    status: 200,
    headers: { 'content-type': types['.html']!, 'cache-control': 'no-cache', ...consoleHeaders },
    body: index,
  };
}
