import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isConsolePath, serveConsole } from './console-static.ts';

describe('the console on the local gateway', () => {
  let dist: string;
  beforeAll(() => {
    dist = mkdtempSync(join(tmpdir(), 'console-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Console</title>');
    writeFileSync(join(dist, 'assets', 'index-abc.js'), 'console.log(1)');
  });
  afterAll(() => rmSync(dist, { recursive: true, force: true }));

  it('answers index.html for every screen, so an address survives a reload', async () => {
    for (const path of [
      '/console/',
      '/console/products',
      '/console/products/cafe-1',
      '/console/orders/o-1',
    ]) {
      const answer = await serveConsole('GET', path, dist);
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(answer.body.toString()).toContain('<title>Console</title>');
      expect(answer.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves built assets for good, with the security headers', async () => {
    const answer = await serveConsole('GET', '/console/assets/index-abc.js', dist);

    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(answer.headers['content-security-policy']).toContain("script-src 'self'");
    expect(answer.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers its runtime config: the API and sign-in on this origin, the console client', async () => {
    const answer = await serveConsole('GET', '/console/config.json', dist);

    expect(JSON.parse(answer.body.toString())).toMatchObject({
      apiUrl: '',
      authorizeUrl: '/oauth2/authorize',
      tokenUrl: '/oauth2/token',
      logoutUrl: '/logout',
      clientId: 'console',
    });
  });

  it('never reads outside the build, and names a missing file 404', async () => {
    for (const path of [
      '/console/../package.json',
      '/console/%2e%2e/package.json',
      '/console/assets/nope.js',
    ]) {
      expect((await serveConsole('GET', path, dist)).status).toBe(404);
    }
  });

  it('sends /console to /console/, refuses writes, and says when the build is missing', async () => {
    expect(await serveConsole('GET', '/console', dist)).toMatchObject({
      status: 308,
      headers: { location: '/console/' },
    });
    expect((await serveConsole('POST', '/console/', dist)).status).toBe(405);
    expect((await serveConsole('GET', '/console/', join(dist, 'missing'))).status).toBe(503);
    expect(isConsolePath('/consoles')).toBe(false);
    expect(isConsolePath('/console/x')).toBe(true);
  });
});
