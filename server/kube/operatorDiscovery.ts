// Which Spark operator kinds a cluster's API serves, asked through discovery (/apis, then the
// resource list of each group-version the dashboard could read): the operators are optional,
// and a cluster may serve either, both or neither, at whichever version its release installed.

import { OPERATOR_KINDS, servedOperatorKinds, type ServedOperatorKind } from '../../lib/operator/operatorKinds';
import type { KubeTransport } from './kubeTransport';

interface ApiGroupList { groups?: { name?: string; versions?: { version?: string }[] }[] }

const DISCOVERY_TIMEOUT_MS = 15_000;

export async function discoverOperatorKinds(transport: KubeTransport): Promise<ServedOperatorKind[]> {
  const groupList = await transport.getJson<ApiGroupList>('/apis', {}, DISCOVERY_TIMEOUT_MS);
  const groups = new Map((Array.isArray(groupList.groups) ? groupList.groups : []).map((g) => [g?.name, new Set((g?.versions ?? []).map((v) => v?.version))]));
  const wanted = new Set<string>();
  for (const k of OPERATOR_KINDS) for (const v of k.versions) if (groups.get(k.group)?.has(v)) wanted.add(`${k.group}/${v}`);
  // A group-version whose list fails is left out (not taken on the group's word).
  const lists = new Map<string, unknown>();
  await Promise.all([...wanted].map(async (gv) => {
    lists.set(gv, await transport.getJson<unknown>(`/apis/${gv}`, {}, DISCOVERY_TIMEOUT_MS).catch(() => undefined));
  }));
  return servedOperatorKinds(groupList, (gv) => lists.get(gv));
}
