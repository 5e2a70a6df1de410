import { describe, expect, it } from 'vitest';
import { logSafeUrl } from './logSafeUrl';

describe('logSafeUrl', () => {
  it('redacts token parameters, however spelt, and keeps the rest as sent', () => {
    expect(logSafeUrl('/wall?token=eyJabc.def.ghi&interval=600')).toBe('/wall?token=REDACTED&interval=600');
    expect(logSafeUrl('/embed/overview?theme=dark&TOKEN=x&id_token=y&access_token=z')).toBe('/embed/overview?theme=dark&TOKEN=REDACTED&id_token=REDACTED&access_token=REDACTED');
    expect(logSafeUrl('/wall?%74oken=secret')).toBe('/wall?%74oken=REDACTED');
    expect(logSafeUrl('/wall?token')).toBe('/wall?token=REDACTED');
  });

  it('leaves addresses without a query, or without secrets, alone', () => {
    expect(logSafeUrl('/apps/prod/spark-etl/spark-1')).toBe('/apps/prod/spark-etl/spark-1');
    expect(logSafeUrl('/?q=token')).toBe('/?q=token');
    expect(logSafeUrl('/?q=%E0%A4%A')).toBe('/?q=%E0%A4%A');
    expect(logSafeUrl(undefined)).toBeUndefined();
  });
});
