import { describe, expect, it } from 'vitest';
import { createConcurrencyLimit } from './concurrencyLimit';

describe('the concurrency limit of held-open requests', () => {
  it('refuses beyond the per-address and total bounds, and frees a slot once per release', () => {
    const limit = createConcurrencyLimit({ maxOpen: 3, maxPerAddress: 2 });
    const a1 = limit.acquire('10.0.0.1');
    const a2 = limit.acquire('10.0.0.1');
    expect(limit.acquire('10.0.0.1')).toEqual({ ok: false, perAddress: true });
    const b1 = limit.acquire('10.0.0.2');
    expect(limit.acquire('10.0.0.3')).toEqual({ ok: false, perAddress: false });
    expect(limit.metrics).toEqual({ opened: 3, refused: 2, open: 3 });
    if (!a1.ok || !a2.ok || !b1.ok) throw new Error('expected three slots');
    a1.release();
    a1.release();
    expect(limit.metrics.open).toBe(2);
    expect(limit.acquire('10.0.0.1').ok).toBe(true);
    expect(limit.acquire('10.0.0.3')).toEqual({ ok: false, perAddress: false });
  });
});
