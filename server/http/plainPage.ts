// A page the server answers itself, without Next (not signed in, refused, a broken address):
// in the dashboard's look, light or dark, with no script. Every text is escaped.

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface PlainPage {
  title: string;
  heading: string;
  paragraphs: { text: string; testId?: string }[];
  link?: { href: string; text: string };
}

export function plainPage(page: PlainPage): string {
  const paragraphs = page.paragraphs.map((p) => `  <p${p.testId ? ` data-testid="${p.testId}"` : ''}>${escape(p.text)}</p>`).join('\n');
  const link = page.link ? `\n  <a href="${escape(page.link.href)}">${escape(page.link.text)}</a>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(page.title)} · Spark Pod Dashboard</title>
<style>
  :root { color-scheme: light dark; --accent: #2563eb; }
  body { margin: 0; font-family: ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; background: #fafafa; color: #171717; }
  @media (prefers-color-scheme: dark) { body { background: #0a0a0a; color: #e5e5e5; } p { color: #a3a3a3 !important; } :root { --accent: #60a5fa; } }
  main { max-width: 38rem; margin: 0 auto; padding: 4rem 1rem; text-align: center; }
  h1 { font-size: 1.5rem; font-weight: 600; margin: 0; }
  p { margin-top: .75rem; color: #525252; line-height: 1.5; }
  a { display: inline-block; margin-top: 1rem; color: var(--accent); text-decoration: none; }
  a:hover { text-decoration: underline; }
</style></head>
<body><main>
  <h1>${escape(page.heading)}</h1>
${paragraphs}${link}
</main></body></html>
`;
}
