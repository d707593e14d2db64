import { formatMoney, moneySchema } from './money.ts';

describe('money', () => {
  it('formats centavos as Brazilian reais', () => {
    expect(formatMoney({ amount: 1899, currency: 'BRL' }).replace(/\s/g, ' ')).toBe('R$ 18,99');
    expect(formatMoney({ amount: 123456789, currency: 'BRL' }).replace(/\s/g, ' ')).toBe('R$ 1.234.567,89');
  });

  it('accepts only integer minor units in the deployment currency', () => {
    const schema = moneySchema('BRL');
    expect(schema.safeParse({ amount: 1999, currency: 'BRL' }).success).toBe(true);
    expect(schema.safeParse({ amount: 19.99, currency: 'BRL' }).success).toBe(false);
    expect(schema.safeParse({ amount: -1, currency: 'BRL' }).success).toBe(false);
    expect(schema.safeParse({ amount: 1999, currency: 'USD' }).success).toBe(false);
    expect(schema.safeParse({ amount: '1999', currency: 'BRL' }).success).toBe(false);
  });
});
