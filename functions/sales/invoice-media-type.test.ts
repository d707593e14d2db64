import { invoiceMediaType } from './invoice-media-type.ts';

describe('the invoice negotiates JSON or HTML by RFC 9110 q-values', () => {
  it.each([
    ['application/json, text/html;q=0', 'application/json'],
    ['text/html;q=0, application/json', 'application/json'],
    ['text/html', 'text/html'],
    ['text/html, application/json;q=0.9', 'text/html'],
    ['application/json;q=0.5, text/html;q=0.8', 'text/html'],
    ['text/html;q=0.5, application/json', 'application/json'],
    ['text/*', 'text/html'],
    ['text/*;q=0.1, */*;q=0.2', 'application/json'],
    ['*/*', 'application/json'],
    ['image/png', 'application/json'],
    ['TEXT/HTML', 'text/html'],
    ['', 'application/json'],
    [undefined, 'application/json'],
  ])('Accept: %p → %s', (accept, expected) => {
    expect(invoiceMediaType(accept)).toBe(expected);
  });
});
