import { describe, expect, it } from 'vitest';
import { compareQuantities, formatBytes, parseQuantity, sumQuantities } from './quantity';

describe('parseQuantity', () => {
  it('reads binary and decimal suffixes, fractions and plain numbers', () => {
    expect(parseQuantity('1Ki')).toBe(1024);
    expect(parseQuantity('100Mi')).toBe(100 * 2 ** 20);
    expect(parseQuantity('100Gi')).toBe(100 * 2 ** 30);
    expect(parseQuantity('2Ti')).toBe(2 * 2 ** 40);
    expect(parseQuantity('1.5Gi')).toBe(1610612736);
    expect(parseQuantity('.5Gi')).toBe(2 ** 29);
    expect(parseQuantity('1k')).toBe(1000);
    expect(parseQuantity('500M')).toBe(5e8);
    expect(parseQuantity('10G')).toBe(1e10);
    expect(parseQuantity('1T')).toBe(1e12);
    expect(parseQuantity('1E')).toBe(1e18);
    expect(parseQuantity('1e3')).toBe(1000);
    expect(parseQuantity('1E3')).toBe(1000);
    expect(parseQuantity('2048')).toBe(2048);
    expect(parseQuantity('250m')).toBe(0.25);
    expect(parseQuantity('+4Gi')).toBe(4 * 2 ** 30);
    expect(parseQuantity('-1Gi')).toBe(-(2 ** 30));
  });

  it('gives null for what is not a quantity', () => {
    for (const bad of ['', 'Gi', '1 Gi', '1gi', '1GB', '1KiB', 'ten', '1.2.3', '0x10', null, undefined]) expect(parseQuantity(bad), String(bad)).toBeNull();
  });
});

describe('compareQuantities', () => {
  it('compares across units', () => {
    expect(compareQuantities('1Gi', '1024Mi')).toBe(0);
    expect(compareQuantities('1G', '1Gi')).toBe(-1);
    expect(compareQuantities('200Gi', '100Gi')).toBe(1);
    expect(compareQuantities('1.5Gi', '1536Mi')).toBe(0);
    expect(compareQuantities('100Gi', 'lots')).toBeNull();
  });
});

describe('sumQuantities and formatBytes', () => {
  it('sums readable values and counts the rest', () => {
    expect(sumQuantities(['100Gi', '100Gi', '50Gi', undefined, 'x'])).toEqual({ total: 250 * 2 ** 30, unreadable: 2 });
  });

  it('writes bytes in the largest binary unit', () => {
    expect(formatBytes(250 * 2 ** 30)).toBe('250Gi');
    expect(formatBytes(1610612736)).toBe('1.5Gi');
    expect(formatBytes(1.5 * 2 ** 40)).toBe('1.5Ti');
    expect(formatBytes(1e9)).toBe('953.67Mi');
    expect(formatBytes(512)).toBe('512');
    expect(formatBytes(0)).toBe('0');
  });
});
