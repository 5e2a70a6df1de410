import { describe, expect, it } from 'vitest';
import { addQuantity, formatQuantity, parseQuantity, ZERO } from './quantity';

const canonical = (raw: string) => formatQuantity(parseQuantity(raw)!);

describe('resource quantities in canonical form', () => {
  it('writes what Quantity.String writes', () => {
    expect(['4', '1.5', '0.5', '500m', '38', '40000', '4096Mi', '1408Mi', '1024', '1000', '1e3', '0', '0.0001', '2Gi', '1.5Gi', '100M'].map(canonical))
      .toEqual(['4', '1500m', '500m', '500m', '38', '40k', '4Gi', '1408Mi', '1024', '1k', '1e3', '0', '1m', '2Gi', '1536Mi', '100M']);
  });

  it('binary values below 1Ki or with fractions are written as decimals', () => {
    expect(canonical('512Ki')).toBe('512Ki');
    expect(formatQuantity({ milli: 512_000n, format: 'BinarySI' })).toBe('512');
    expect(formatQuantity({ milli: 1_500n, format: 'BinarySI' })).toBe('1500m');
  });

  it('adds in the first operand\'s format, unless it is zero', () => {
    expect(formatQuantity(addQuantity(ZERO, parseQuantity('1408Mi')!))).toBe('1408Mi');
    expect(formatQuantity(addQuantity(parseQuantity('1')!, parseQuantity('500m')!))).toBe('1500m');
    expect(formatQuantity(addQuantity(parseQuantity('1Gi')!, parseQuantity('1G')!))).toBe(String(2 ** 30 + 1e9));
  });

  it('reads nothing that is not a quantity', () => {
    expect(parseQuantity('4 cores')).toBeNull();
    expect(parseQuantity(undefined)).toBeNull();
  });
});
