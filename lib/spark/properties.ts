// Java .properties text (Spark's spark.properties, which spark-submit ships to the driver in
// a config map) as a map: comments (# !), key/value separated by '=', ':' or whitespace,
// line continuations and backslash escapes, as java.util.Properties.load reads them.

function unescape(s: string): string {
  return s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, e: string) => {
    if (e.length === 5) return String.fromCharCode(parseInt(e.slice(1), 16));
    return e === 't' ? '\t' : e === 'n' ? '\n' : e === 'r' ? '\r' : e === 'f' ? '\f' : e;
  });
}

/** Joins continued lines: a line ending in an odd number of backslashes goes on. */
function logicalLines(text: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = current ? raw.replace(/^[ \t\f]+/, '') : raw;
    const trailing = /\\+$/.exec(line)?.[0].length ?? 0;
    if (trailing % 2 === 1) { current += line.slice(0, -1); continue; }
    out.push(current + line);
    current = '';
  }
  if (current) out.push(current);
  return out;
}

export function parseJavaProperties(text: string): Record<string, string> {
  const props: Record<string, string> = {};
  for (const line of logicalLines(text)) {
    const trimmed = line.replace(/^[ \t\f]+/, '');
    if (!trimmed || trimmed[0] === '#' || trimmed[0] === '!') continue;
    // The key ends at the first unescaped '=', ':' or whitespace.
    let i = 0;
    for (; i < trimmed.length; i++) {
      const c = trimmed[i];
      if (c === '\\') { i++; continue; }
      if (c === '=' || c === ':' || c === ' ' || c === '\t' || c === '\f') break;
    }
    const key = trimmed.slice(0, i);
    let rest = trimmed.slice(i).replace(/^[ \t\f]*/, '');
    if (rest[0] === '=' || rest[0] === ':') rest = rest.slice(1).replace(/^[ \t\f]*/, '');
    props[unescape(key)] = unescape(rest);
  }
  return props;
}
