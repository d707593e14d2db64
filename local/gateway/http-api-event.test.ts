import { clfTime, httpApiEvent, type IncomingRequest } from './http-api-event.ts';

const request = (overrides: Partial<IncomingRequest> = {}): IncomingRequest => ({
  method: 'POST',
  url: '/inventory/products/p%201?limit=5&tag=a&tag=b',
  headers: {
    host: ['127.0.0.1:3000'],
    'content-type': ['application/json'],
    'x-multi': ['one', 'two'],
    cookie: ['a=1; b=2'],
    'user-agent': ['curl/8'],
  },
  body: Buffer.from('{"sku":"1"}'),
  sourceIp: '127.0.0.1',
  protocol: 'HTTP/1.1',
  ...overrides,
});

const route = {
  routeKey: 'POST /inventory/products/{productId}',
  pathParameters: { productId: 'p 1' },
  requestId: 'JKJaXmPLvHcESHA=',
  now: new Date('2020-03-12T19:03:58.123Z'),
};

describe('HTTP API payload 2.0 event', () => {
  it('carries the request as API Gateway does', () => {
    const event = httpApiEvent(request(), route);

    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /inventory/products/{productId}',
      rawPath: '/inventory/products/p%201',
      rawQueryString: 'limit=5&tag=a&tag=b',
      cookies: ['a=1', 'b=2'],
      queryStringParameters: { limit: '5', tag: 'a,b' },
      pathParameters: { productId: 'p 1' },
      body: '{"sku":"1"}',
      isBase64Encoded: false,
      requestContext: {
        accountId: '000000000000',
        domainName: '127.0.0.1:3000',
        http: {
          method: 'POST',
          path: '/inventory/products/p%201',
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
        },
        requestId: 'JKJaXmPLvHcESHA=',
        routeKey: 'POST /inventory/products/{productId}',
        stage: '$default',
        time: '12/Mar/2020:19:03:58 +0000',
        timeEpoch: 1584039838123,
      },
    });
    expect(event.headers['x-multi']).toBe('one,two');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.headers['x-forwarded-for']).toBe('127.0.0.1');
  });

  it('base64-encodes bodies that are not text', () => {
    const body = Buffer.from([0, 1, 2, 255]);
    const event = httpApiEvent(
      request({ body, headers: { 'content-type': ['application/octet-stream'] } }),
      route,
    );

    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body!, 'base64')).toEqual(body);
  });

  it('takes query keys that are names of Object.prototype as plain keys', () => {
    const event = httpApiEvent(
      request({ url: '/inventory/products?toString=1&constructor=a&constructor=b&__proto__=x' }),
      route,
    );

    expect(event.queryStringParameters).toEqual({ toString: '1', constructor: 'a,b', ['__proto__']: 'x' });
    expect(Object.keys(event.queryStringParameters!)).toEqual(['toString', 'constructor', '__proto__']);
  });

  it('leaves out what the request does not have', () => {
    const event = httpApiEvent(request({ url: '/health', body: Buffer.alloc(0), headers: {} }), {
      ...route,
      pathParameters: {},
    });

    expect(event.body).toBeUndefined();
    expect(event.queryStringParameters).toBeUndefined();
    expect(event.pathParameters).toBeUndefined();
    expect(event.cookies).toBeUndefined();
    expect(event.rawQueryString).toBe('');
  });

  it('formats requestContext.time like API Gateway', () => {
    expect(clfTime(new Date('2024-01-05T04:05:06Z'))).toBe('05/Jan/2024:04:05:06 +0000');
  });
});
