// Structured, one-line logs to stderr, and a log-once helper: a malformed object or a
// failing API is reported with context the first time, then only counted, so a broken
// cluster cannot flood the log.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, ctx?: Record<string, unknown>): void;
  info(msg: string, ctx?: Record<string, unknown>): void;
  warn(msg: string, ctx?: Record<string, unknown>): void;
  error(msg: string, ctx?: Record<string, unknown>): void;
  /** Logs the first time `key` is seen (then counts); returns true when it logged. */
  once(level: LogLevel, key: string, msg: string, ctx?: Record<string, unknown>): boolean;
  child(component: string): Logger;
}

export function createLogger(options: { level?: LogLevel; component?: string; write?: (line: string) => void; seen?: Map<string, number> } = {}): Logger {
  const min = ORDER[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const seen = options.seen ?? new Map<string, number>();
  const component = options.component;
  const emit = (level: LogLevel, msg: string, ctx?: Record<string, unknown>) => {
    if (ORDER[level] < min) return;
    const ctxText = ctx && Object.keys(ctx).length ? ' ' + safeJson(ctx) : '';
    write(`${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${component ? `[${component}] ` : ''}${msg}${ctxText}`);
  };
  return {
    debug: (m, c) => emit('debug', m, c),
    info: (m, c) => emit('info', m, c),
    warn: (m, c) => emit('warn', m, c),
    error: (m, c) => emit('error', m, c),
    once(level, key, msg, ctx) {
      const fullKey = `${component ?? ''}:${key}`;
      const n = seen.get(fullKey) ?? 0;
      // Bound the memory of a long-running process: forget keys rather than grow forever.
      if (seen.size > 10_000) seen.clear();
      seen.set(fullKey, n + 1);
      if (n > 0) return false;
      emit(level, msg + ' (further occurrences are counted, not logged)', ctx);
      return true;
    },
    child: (c) => createLogger({ level: options.level, component: component ? `${component}/${c}` : c, write, seen }),
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v) => (typeof v === 'string' && v.length > 500 ? v.slice(0, 500) + '…' : v));
  } catch {
    return '"<unserialisable context>"';
  }
}

export const silentLogger: Logger = createLogger({ write: () => {} });
