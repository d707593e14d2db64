import { isJson, isLoopbackHost } from './guards.ts';

describe('gateway guards', () => {
  it.each([
    '127.0.0.1:3000',
    '127.0.0.1',
    '127.1.2.3:80',
    'localhost:3000',
    'LOCALHOST',
    'console.localhost:3000',
    '[::1]:3000',
    '[::1]',
  ])('takes the loopback Host %s', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each([
    undefined,
    '',
    'evil.example',
    'evil.example:3000',
    '127.0.0.1.evil.example',
    'localhost.evil.example',
    '10.0.0.5:3000',
    '0.0.0.0:3000',
    '[::2]:3000',
    '[fe80::1]',
  ])('refuses the Host %s', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });

  it('reads only JSON bodies for state changes', () => {
    expect(isJson('application/json')).toBe(true);
    expect(isJson('application/json; charset=utf-8')).toBe(true);
    expect(isJson('text/plain')).toBe(false);
    expect(isJson('application/x-www-form-urlencoded')).toBe(false);
    expect(isJson('application/jsonp')).toBe(false);
    expect(isJson(undefined)).toBe(false);
  });
});
