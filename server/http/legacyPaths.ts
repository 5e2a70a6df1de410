// Links from before the dashboard knew several clusters named an application by namespace and
// app id only (/apps/NS/APP, /embed/apps/NS/APP/PANEL, /api/apps/NS/APP/…, /api/pods/NS/NAME).
// They keep working: the cluster that has the application (or pod) is filled in; with several
// candidates, pages go to the overview filtered to it and the API answers 409 with the choices.

export interface ClusterDirectory {
  ids: readonly string[];
  /** Clusters that hold the application (live or departed pods). */
  withApp(namespace: string, appId: string): string[];
  /** Clusters that hold a pod of that name. */
  withPod(namespace: string, name: string): string[];
}

export type PathUpgrade =
  | { kind: 'unchanged' }
  | { kind: 'rewrite'; segments: string[] }
  | { kind: 'ambiguous'; clusters: string[]; overview: string };

function choose(dir: ClusterDirectory, candidates: string[]): string[] {
  return candidates.length ? candidates : dir.ids.slice(0, 1);
}

/** An API path (decoded segments, starting with 'api') in its cluster-qualified form. */
export function upgradeApiPath(segments: readonly string[], dir: ClusterDirectory): PathUpgrade {
  const [api, kind, a, b, ...rest] = segments;
  if (api !== 'api' || a === undefined || b === undefined) return { kind: 'unchanged' };
  if (kind === 'apps' && segments.length <= 5 && !dir.ids.includes(a)) {
    const clusters = choose(dir, dir.withApp(a, b));
    if (clusters.length > 1) return { kind: 'ambiguous', clusters, overview: `/?q=${encodeURIComponent(b)}` };
    return { kind: 'rewrite', segments: ['api', 'apps', clusters[0], a, b, ...rest] };
  }
  if (kind === 'pods' && segments.length === 4) {
    const clusters = choose(dir, dir.withPod(a, b));
    if (clusters.length > 1) return { kind: 'ambiguous', clusters, overview: `/?q=${encodeURIComponent(b)}` };
    return { kind: 'rewrite', segments: ['api', 'pods', clusters[0], a, b] };
  }
  return { kind: 'unchanged' };
}

/** A page path (decoded segments) in its cluster-qualified form. */
export function upgradePagePath(segments: readonly string[], dir: ClusterDirectory): PathUpgrade {
  const embed = segments[0] === 'embed';
  const s = embed ? segments.slice(1) : segments;
  const expected = embed ? 4 : 3;
  if (s[0] !== 'apps' || s.length !== expected) return { kind: 'unchanged' };
  const [, namespace, appId, ...rest] = s;
  const clusters = choose(dir, dir.withApp(namespace!, appId!));
  if (clusters.length > 1) return { kind: 'ambiguous', clusters, overview: `${embed ? '/embed/overview' : '/'}?q=${encodeURIComponent(appId!)}` };
  return { kind: 'rewrite', segments: [...(embed ? ['embed'] : []), 'apps', clusters[0]!, namespace!, appId!, ...rest] };
}
