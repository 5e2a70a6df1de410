// The wall's settings, all in the URL so a display can be configured once by its link:
// ns (namespaces), app (text filter), interval (seconds per view), theme, density.

export interface WallParams {
  namespaces: string[];
  app: string;
  intervalMs: number;
  theme: 'dark' | 'light';
  density: 'comfortable' | 'compact';
}

export function parseWallParams(params: URLSearchParams): WallParams {
  const interval = Number(params.get('interval'));
  return {
    namespaces: (params.get('ns') ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    app: (params.get('app') ?? '').trim().slice(0, 100),
    intervalMs: Number.isFinite(interval) && interval >= 3 && interval <= 3600 ? interval * 1000 : 20_000,
    theme: params.get('theme') === 'light' ? 'light' : 'dark',
    density: params.get('density') === 'compact' ? 'compact' : 'comfortable',
  };
}
