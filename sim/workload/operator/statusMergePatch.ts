// The merge patch (RFC 7386) that turns one status into another: changed and new fields as they
// are, removed fields as null. The operator writes a whole status, as Kubeflow's Status().Update
// does; sending only the difference keeps the write small and leaves others' fields alone.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The patch from `before` to `after`, or null when they are equal. */
export function statusMergePatch(before: unknown, after: unknown): Json | null {
  if (!isObject(before) || !isObject(after)) return JSON.stringify(before) === JSON.stringify(after) ? null : ((after ?? null) as Json);
  const patch: Record<string, Json> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = before[key];
    const b = after[key];
    if (b === undefined || b === null) {
      if (a !== undefined && a !== null) patch[key] = null;
      continue;
    }
    // An object that appears or changes is patched field by field; an empty object is sent as is.
    const sub = isObject(a) && isObject(b) ? statusMergePatch(a, b) : JSON.stringify(a) === JSON.stringify(b) ? null : (b as Json);
    if (sub !== null) patch[key] = sub;
  }
  return Object.keys(patch).length > 0 ? patch : null;
}
