// The wall's settings, all in the URL so a display can be configured once by its link:
// cluster (cluster ids), ns (namespaces), app (text filter), interval (seconds per view), theme, density.

export interface WallParams {
  clusters: string[];
  namespaces: string[];
  app: string;
  intervalMs: number;
  theme: 'dark' | 'light';
  density: 'comfortable' | 'compact';
}

export function parseWallParams(params: URLSearchParams): WallParams {
  const interval = Number(params.get('interval'));
  const list = (v: string | null) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return {
    clusters: list(params.get('cluster')),
    namespaces: list(params.get('ns')),
    app: (params.get('app') ?? '').trim().slice(0, 100),
    intervalMs: Number.isFinite(interval) && interval >= 3 && interval <= 3600 ? interval * 1000 : 20_000,
    theme: params.get('theme') === 'light' ? 'light' : 'dark',
    density: params.get('density') === 'compact' ? 'compact' : 'comfortable',
  };
}
