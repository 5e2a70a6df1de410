// The path prefix the dashboard is served under (behind a portal's reverse proxy), fixed at
// build time from BASE_PATH. Every URL the browser builds goes through apiUrl / socketPath.

export const BASE_PATH: string = process.env.NEXT_PUBLIC_BASE_PATH ?? '';

export function apiUrl(path: string): string {
  return `${BASE_PATH}${path}`;
}

export const SOCKET_PATH = `${BASE_PATH}/socket.io`;
