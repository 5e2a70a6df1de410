// The page a browser gets for a page its viewer may not open (a kiosk token asked for anything
// but a wall or a panel of its namespaces), and what a refused token's page says to do: in the
// dashboard's look, with no script. The API answers 403 JSON instead.

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export const TOKEN_HELP = 'This address carries a kiosk token (?token=…) for a wall or an embedded panel. Ask whoever runs the dashboard for a new link: they issue tokens with npm run token.';

export function refusedPage(reason: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Not for this link · Spark Pod Dashboard</title>
<style>
  :root { color-scheme: light dark; }
  body { margin: 0; font-family: ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; background: #fafafa; color: #171717; }
  @media (prefers-color-scheme: dark) { body { background: #0a0a0a; color: #e5e5e5; } p { color: #a3a3a3 !important; } }
  main { max-width: 38rem; margin: 0 auto; padding: 4rem 1rem; text-align: center; }
  h1 { font-size: 1.5rem; font-weight: 600; margin: 0; }
  p { margin-top: .75rem; color: #525252; line-height: 1.5; }
</style></head>
<body><main>
  <h1>This page is not open to this link</h1>
  <p data-testid="refused-reason">${escape(reason)}.</p>
</main></body></html>
`;
}
