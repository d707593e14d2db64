import { fromLambdaResult } from './response.ts';

describe('Lambda result to HTTP response (payload 2.0)', () => {
  it('uses a structured result as it is, cookies as set-cookie headers', () => {
    const response = fromLambdaResult({
      statusCode: 201,
      headers: { 'Content-Type': 'application/json', 'x-count': 3 },
      cookies: ['a=1', 'b=2'],
      body: '{"ok":true}',
    });

    expect(response).toMatchObject({
      status: 201,
      headers: { 'content-type': 'application/json', 'x-count': '3', 'set-cookie': ['a=1', 'b=2'] },
    });
    expect(response?.body.toString()).toBe('{"ok":true}');
  });

  it('decodes a base64 body', () => {
    const response = fromLambdaResult({
      statusCode: 200,
      body: Buffer.from('hi').toString('base64'),
      isBase64Encoded: true,
    });

    expect(response?.body.toString()).toBe('hi');
  });

  it('sends any other value as a 200 JSON body', () => {
    expect(fromLambdaResult({ items: [] })).toMatchObject({
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
    expect(fromLambdaResult({ items: [] })?.body.toString()).toBe('{"items":[]}');
    expect(fromLambdaResult('hello')?.body.toString()).toBe('hello');
  });

  it('rejects a structured result API Gateway would not accept', () => {
    expect(fromLambdaResult({ statusCode: '200' })).toBeUndefined();
    expect(fromLambdaResult({ statusCode: 200, body: { not: 'a string' } })).toBeUndefined();
  });
});
