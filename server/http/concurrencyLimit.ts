// Requests that hold something open (a followed log, a proxied page) are bounded in all and
// per client address, so that no one reader can knock the server over. `acquire` answers a
// release function, or why not in words (the caller answers 429 with it); counts for /metrics.

export interface ConcurrencyLimits {
  maxOpen: number;
  maxPerAddress: number;
}

export interface ConcurrencyMetrics { opened: number; refused: number; open: number }

export type Acquired = { ok: true; release: () => void } | { ok: false; perAddress: boolean };

export interface ConcurrencyLimit {
  acquire(address: string): Acquired;
  readonly metrics: ConcurrencyMetrics;
}

export function createConcurrencyLimit(limits: ConcurrencyLimits): ConcurrencyLimit {
  const perAddress = new Map<string, number>();
  const metrics: ConcurrencyMetrics = { opened: 0, refused: 0, open: 0 };
  return {
    metrics,
    acquire(address) {
      const mine = perAddress.get(address) ?? 0;
      if (metrics.open >= limits.maxOpen || mine >= limits.maxPerAddress) {
        metrics.refused++;
        return { ok: false, perAddress: mine >= limits.maxPerAddress };
      }
      metrics.open++;
      metrics.opened++;
      perAddress.set(address, mine + 1);
      let released = false;
      return {
        ok: true,
        release() {
          // Released once, whichever of the end, the error and the client's leaving comes first.
          if (released) return;
          released = true;
          metrics.open--;
          const left = (perAddress.get(address) ?? 1) - 1;
          if (left > 0) perAddress.set(address, left); else perAddress.delete(address);
        },
      };
    },
  };
}
