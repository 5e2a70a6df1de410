// Namespace names a reader may not see are replaced in free text (health problems and notices
// name the namespaces their sources cover) by "(a namespace)". Whole names only: "spark" is
// not masked inside "spark-etl".

const REPLACEMENT = '(a namespace)';

export function namespaceMask(names: Iterable<string>): (text: string) => string {
  // Longest first, so that of "spark" and "spark-etl" the longer is taken where both match.
  const sorted = [...new Set(names)].filter((n) => n && n !== '*').sort((a, b) => b.length - a.length);
  if (!sorted.length) return (text) => text;
  const pattern = new RegExp(`(?<![A-Za-z0-9-])(${sorted.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![A-Za-z0-9-])`, 'g');
  return (text) => text.replace(pattern, REPLACEMENT);
}
