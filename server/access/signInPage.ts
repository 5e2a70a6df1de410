// The page a browser gets when it is not signed in (--auth proxy or oidc): what is wrong and
// how to sign in, in the dashboard's look, with no script. The API answers 401 JSON instead.

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function signInPage(options: { reason: string; help: string }): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · Spark Pod Dashboard</title>
<style>
  :root { color-scheme: light dark; }
  body { margin: 0; font-family: ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; background: #fafafa; color: #171717; }
  @media (prefers-color-scheme: dark) { body { background: #0a0a0a; color: #e5e5e5; } p { color: #a3a3a3 !important; } }
  main { max-width: 38rem; margin: 0 auto; padding: 4rem 1rem; text-align: center; }
  h1 { font-size: 1.5rem; font-weight: 600; margin: 0; }
  p { margin-top: .75rem; color: #525252; line-height: 1.5; }
</style></head>
<body><main>
  <h1>Sign in to see Spark applications</h1>
  <p data-testid="sign-in-help">${escape(options.help)}</p>
  <p data-testid="sign-in-reason">Why you see this: ${escape(options.reason)}.</p>
</main></body></html>
`;
}
