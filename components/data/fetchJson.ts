// fetch for the dashboard's JSON API: errors carry the HTTP status and the server's own
// sentence, so a panel can say "forbidden: the dashboard may not …" instead of "failed".

import { kioskAuthHeaders } from './kioskToken';

export class ApiError extends Error {
  constructor(message: string, readonly status: number | null, readonly body: Record<string, unknown> | null = null) {
    super(message);
    this.name = 'ApiError';
  }
}

export async function fetchJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { signal, headers: { Accept: 'application/json', ...kioskAuthHeaders() } });
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw e;
    throw new ApiError('The dashboard server is unreachable.', null);
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON (a proxy error page): keep the status
  }
  if (!res.ok) {
    const message = body && typeof body === 'object' && 'error' in body ? String((body as { error: unknown }).error) : `HTTP ${res.status}`;
    throw new ApiError(message, res.status, body as Record<string, unknown> | null);
  }
  return body as T;
}
