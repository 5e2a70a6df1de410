// The page a browser gets for a path the dashboard cannot even read (broken percent-encoding):
// Next would answer its bare 500, so the server answers 400 itself, in the dashboard's look,
// with no script (the page has nothing to do) and a link home.

export function badRequestPage(basePath: string): string {
  const home = `${basePath}/`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bad address · Spark Pod Dashboard</title>
<style>
  :root { color-scheme: light dark; --accent: #2563eb; }
  body { margin: 0; font-family: ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; background: #fafafa; color: #171717; }
  @media (prefers-color-scheme: dark) { body { background: #0a0a0a; color: #e5e5e5; } p { color: #a3a3a3 !important; } :root { --accent: #60a5fa; } }
  main { max-width: 36rem; margin: 0 auto; padding: 4rem 1rem; text-align: center; }
  h1 { font-size: 1.5rem; font-weight: 600; margin: 0; }
  p { margin-top: .5rem; color: #525252; }
  a { display: inline-block; margin-top: 1rem; color: var(--accent); text-decoration: none; }
  a:hover { text-decoration: underline; }
</style></head>
<body><main>
  <h1>This address is not valid</h1>
  <p>Its path has broken percent-encoding (a % that is not followed by two hexadecimal digits of valid UTF-8), so the Spark Pod Dashboard cannot tell which page it names.</p>
  <a href="${home}">Go to the applications</a>
</main></body></html>
`;
}

/** True when every segment of the path decodes. */
export function isDecodablePath(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}
