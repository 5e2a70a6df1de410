// Writes (commit times at the API, by a key such as "namespace/name") paired in order with
// what a client saw of them. Either may come first: the cluster reports its writes every
// 50 ms, and a fast server's answer can beat that report.

import { ms, percentile } from './procStats';

export class LatencyMatcher {
  private readonly writes = new Map<string, number[]>();
  private readonly seen = new Map<string, number[]>();
  readonly latencies: number[] = [];

  wrote(key: string, at: number): void {
    const s = this.seen.get(key)?.shift();
    if (s === undefined) (this.writes.get(key) ?? this.writes.set(key, []).get(key)!).push(at);
    else this.latencies.push(s - at);
  }

  saw(key: string, at: number): void {
    const w = this.writes.get(key)?.shift();
    if (w === undefined) (this.seen.get(key) ?? this.seen.set(key, []).get(key)!).push(at);
    else this.latencies.push(at - w);
  }

  /** Writes no client saw (yet). */
  unseenWrites(): number {
    return [...this.writes.values()].reduce((n, q) => n + q.length, 0);
  }

  /** What a client saw that no write explains. */
  unmatchedSightings(): number {
    return [...this.seen.values()].reduce((n, q) => n + q.length, 0);
  }

  figures(): string {
    return latencyFigures(this.latencies, 'matched');
  }
}

/**
 * Two clients' sightings of the same writes, paired per write: how much later the second saw
 * each one than the first. With a bare watch on the API as the first and a dashboard's viewer
 * as the second, it is what the dashboard adds, whatever the cluster and this machine's load
 * cost before any watcher could see the change.
 */
export class AddedLatency {
  private readonly first = new Map<string, number[]>();
  private readonly second = new Map<string, number[]>();
  readonly added: number[] = [];

  sawFirst(key: string, at: number): void { this.pair(key, at, this.first, this.second, (f, s) => s - f); }
  sawSecond(key: string, at: number): void { this.pair(key, at, this.second, this.first, (s, f) => s - f); }

  private pair(key: string, at: number, mine: Map<string, number[]>, other: Map<string, number[]>, diff: (mine: number, other: number) => number): void {
    const o = other.get(key)?.shift();
    if (o === undefined) (mine.get(key) ?? mine.set(key, []).get(key)!).push(at);
    else this.added.push(diff(at, o));
  }

  figures(): string {
    return latencyFigures(this.added, 'paired');
  }
}

/** p50, p99 and max of a list of latencies, with how many there were. */
function latencyFigures(l: number[], what: string): string {
  return l.length ? `p50 ${ms(percentile(l, 50))}, p99 ${ms(percentile(l, 99))}, max ${ms(Math.max(...l))} (${l.length} ${what})` : `nothing ${what}`;
}
