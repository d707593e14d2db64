import { AppError } from '../errors.ts';
import { problemResponse } from './problem.ts';

describe('problem+json', () => {
  it('renders an AppError with its stable code, status, detail and field errors', () => {
    const error = new AppError('insufficient_stock', 'Not enough stock.', {
      errors: [{ path: 'lines.0', message: 'short', productId: 'p1', requested: 3, available: 1 }],
    });

    const response = problemResponse(error, { 'x-correlation-id': 'c-1' });

    expect(response.statusCode).toBe(409);
    expect(response.headers).toMatchObject({
      'content-type': 'application/problem+json',
      'x-correlation-id': 'c-1',
    });
    expect(JSON.parse(response.body!)).toEqual({
      type: 'https://retail-suite.dev/problems/insufficient-stock',
      title: 'Conflict',
      status: 409,
      detail: 'Not enough stock.',
      code: 'insufficient_stock',
      errors: [{ path: 'lines.0', message: 'short', productId: 'p1', requested: 3, available: 1 }],
    });
  });

  it('never leaks the message of an unexpected error', () => {
    const response = problemResponse(new Error('ConditionalCheckFailed on table sales-prod at 10.0.0.7'));

    const body = JSON.parse(response.body!);
    expect(response.statusCode).toBe(500);
    expect(body.code).toBe('internal_error');
    expect(response.body).not.toContain('sales-prod');
  });

  it.each([
    Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }),
    Object.assign(new Error('slow down'), {
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400 },
    }),
    Object.assign(new Error('oops'), { name: 'InternalServerError', $metadata: { httpStatusCode: 500 } }),
  ])('answers a store too slow or busy ($name) 503 with Retry-After, not 500', (error) => {
    const response = problemResponse(error);

    expect(response.statusCode).toBe(503);
    expect(JSON.parse(response.body!).code).toBe('dependency_unavailable');
    expect(response.headers?.['retry-after']).toBe('1');
  });

  it('passes headers an error asks for, such as Retry-After', () => {
    const response = problemResponse(
      new AppError('price_unavailable', 'No price.', { headers: { 'retry-after': '5' } }),
    );

    expect(response.statusCode).toBe(503);
    expect(response.headers?.['retry-after']).toBe('5');
  });
});
