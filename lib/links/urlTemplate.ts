// Links out of the dashboard (the Spark UI of a running driver, the History Server of a
// finished application) are URL templates the operator configures: `{cluster}`, `{namespace}`,
// `{appId}`, `{appName}` and `{driverService}` are replaced by the application's values, each
// percent-encoded. A template is checked once, at start-up; a link whose values are not all
// known is not offered (a link that cannot work is worse than none).

export const URL_PLACEHOLDERS = ['cluster', 'namespace', 'appId', 'appName', 'driverService'] as const;
export type UrlPlaceholder = (typeof URL_PLACEHOLDERS)[number];
export type UrlValues = Record<UrlPlaceholder, string | null>;

export interface UrlTemplate {
  text: string;
  /** The placeholders it uses, each once. */
  uses: readonly UrlPlaceholder[];
}

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** The template, or what is wrong with it in words. */
export function parseUrlTemplate(text: string): UrlTemplate | { error: string } {
  const uses = new Set<UrlPlaceholder>();
  for (const m of text.matchAll(PLACEHOLDER)) {
    if (!(URL_PLACEHOLDERS as readonly string[]).includes(m[1])) return { error: `unknown placeholder {${m[1]}} (known: ${URL_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')})` };
    uses.add(m[1] as UrlPlaceholder);
  }
  // Checked with every placeholder filled in: the scheme and host must not come from a value.
  let url: URL;
  try {
    url = new URL(text.replace(PLACEHOLDER, 'x'));
  } catch {
    return { error: 'must be an absolute URL, e.g. https://spark-history.example.com/history/{appId}/' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { error: 'must be an http:// or https:// URL' };
  const authority = /^[a-z]+:\/\/([^/?#]*)/i.exec(text)?.[1] ?? '';
  if (/[{}]/.test(authority.replace(/\{(cluster|namespace)\}/g, ''))) return { error: 'only {cluster} and {namespace} may be part of the host name' };
  return { text, uses: [...uses] };
}

/** The link for these values, or null when one the template uses is not known. */
export function expandUrlTemplate(template: UrlTemplate, values: UrlValues): string | null {
  if (template.uses.some((p) => !values[p])) return null;
  return template.text.replace(PLACEHOLDER, (_m, name: UrlPlaceholder) => encodeURIComponent(values[name]!));
}

/** The driver's Service from an executor's SPARK_DRIVER_URL: spark://CoarseGrainedScheduler@NAME.NAMESPACE.svc:7078. */
export function driverServiceOf(driverUrl: string | null | undefined, namespace: string): string | null {
  const m = /^spark:\/\/[^@]+@([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9-]+)\.svc(?:\.[a-z0-9.-]+)?:\d+$/.exec(driverUrl ?? '');
  return m && m[3] === namespace ? m[1] : null;
}

/** The driver's Service from spark.driver.host as spark-submit sets it in cluster mode: NAME.NAMESPACE.svc. */
export function driverServiceOfHost(driverHost: string | null | undefined, namespace: string): string | null {
  const m = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9-]+)\.svc(?:\.[a-z0-9.-]+)?$/.exec(driverHost ?? '');
  return m && m[3] === namespace ? m[1] : null;
}
