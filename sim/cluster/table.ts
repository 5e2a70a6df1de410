// meta.k8s.io/v1 Table output, which kubectl asks for (`Accept: application/json;as=Table;…`):
// the pod and namespace columns of pkg/printers/internalversion, and the default
// Name / Created At table for everything else, with rows carrying PartialObjectMetadata.

import type { KubeObject } from './storedObject';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

export interface Column {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

/** A kind's own columns (custom resources: their additionalPrinterColumns) and the cells of one object. */
export interface TablePrinter {
  columns: Column[];
  cells(obj: KubeObject, now: number): unknown[];
}

export const col = (name: string, type: string, description: string, priority = 0, format = ''): Column => ({ name, type, format, description, priority });

export const NAME_DOC =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';
export const CREATED_DOC =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

const POD_COLUMNS = [
  col('Name', 'string', NAME_DOC, 0, 'name'),
  col('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
  col('Status', 'string', 'The aggregate status of the containers in this pod.'),
  col('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
  col('Age', 'string', CREATED_DOC),
  col('IP', 'string', "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.", 1),
  col('Node', 'string', "NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName. Once this field is set, the kubelet for this node becomes responsible for the lifecycle of this pod. This field should not be used to express a desire for the pod to be scheduled on a specific node. https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename", 1),
  col('Nominated Node', 'string', "nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods. This field does not guarantee that the pod will be scheduled on this node. Scheduler may decide to place the pod elsewhere if other nodes become available sooner. Scheduler may also decide to give the resources on this node to a higher priority pod that is created after preemption. As a result, this field may be different than PodSpec.nodeName when the pod is scheduled.", 1),
  col('Readiness Gates', 'string', "If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to \"True\" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates", 1),
];

const NAMESPACE_COLUMNS = [
  col('Name', 'string', NAME_DOC, 0, 'name'),
  col('Status', 'string', 'The status of the namespace'),
  col('Age', 'string', CREATED_DOC),
];

const DEFAULT_COLUMNS = [col('Name', 'string', NAME_DOC, 0, 'name'), col('Created At', 'date', CREATED_DOC)];

/** duration.HumanDuration, as kubectl's AGE column prints it. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 192) return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  const days = Math.floor(hours / 24);
  if (days < 365 * 2) return `${days}d`;
  const years = Math.floor(days / 365);
  if (years < 8) return days % 365 === 0 ? `${years}y` : `${years}y${days % 365}d`;
  return `${years}y`;
}

function age(obj: KubeObject, now: number): string {
  const ts = obj.metadata?.creationTimestamp;
  return typeof ts === 'string' ? humanDuration(now - Date.parse(ts)) : '<unknown>';
}

/** printPod: READY, STATUS (with kubectl's precedence of reasons), RESTARTS, AGE and the wide columns. */
function podCells(pod: KubeObject, now: number): unknown[] {
  const spec = isObj(pod.spec) ? pod.spec : {};
  const status = isObj(pod.status) ? pod.status : {};
  let reason = String(status.reason || status.phase || '');
  let restarts = 0;
  let ready = 0;
  let lastRestart = 0;
  let hasRunning = false;
  const statuses = arr(status.containerStatuses);
  for (let i = statuses.length - 1; i >= 0; i--) {
    const c = statuses[i]!;
    restarts += Number(c.restartCount ?? 0);
    const last = isObj(c.lastState) && isObj(c.lastState.terminated) ? c.lastState.terminated : null;
    if (last && typeof last.finishedAt === 'string') lastRestart = Math.max(lastRestart, Date.parse(last.finishedAt));
    const state = isObj(c.state) ? c.state : {};
    const waiting = isObj(state.waiting) ? state.waiting : null;
    const terminated = isObj(state.terminated) ? state.terminated : null;
    if (waiting?.reason) reason = String(waiting.reason);
    else if (terminated?.reason) reason = String(terminated.reason);
    else if (terminated) reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode ?? 0}`;
    else if (c.ready && isObj(state.running)) {
      hasRunning = true;
      ready++;
    }
  }
  if (reason === 'Completed' && hasRunning) {
    reason = arr(status.conditions).some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
  }
  const terminal = status.phase === 'Succeeded' || status.phase === 'Failed';
  if (pod.metadata?.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata?.deletionTimestamp && !terminal) reason = 'Terminating';
  // The server sends the count as a string, "0" or "3 (5m ago)" (observed).
  const restartCell = lastRestart ? `${restarts} (${humanDuration(now - lastRestart)} ago)` : String(restarts);
  const gates = arr(spec.readinessGates);
  return [
    pod.metadata?.name,
    `${ready}/${arr(spec.containers).length}`,
    reason,
    restartCell,
    age(pod, now),
    status.podIP || '<none>',
    spec.nodeName || '<none>',
    status.nominatedNodeName || '<none>',
    gates.length ? `0/${gates.length}` : '<none>',
  ];
}

function rowObject(obj: KubeObject, includeObject: string): Obj | undefined {
  if (includeObject === 'None') return undefined;
  if (includeObject === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

export function toTable(kind: string, objects: KubeObject[], listMeta: Obj, options: { now: number; includeObject: string; noHeaders?: boolean; printer?: TablePrinter }): Obj {
  const printer = options.printer;
  const columns = printer ? printer.columns : kind === 'Pod' ? POD_COLUMNS : kind === 'Namespace' ? NAMESPACE_COLUMNS : DEFAULT_COLUMNS;
  const rows = objects.map((o) => {
    const cells = printer
      ? printer.cells(o, options.now)
      : kind === 'Pod'
        ? podCells(o, options.now)
        : kind === 'Namespace'
          ? [o.metadata?.name, (o.status as Obj | undefined)?.phase ?? '', age(o, options.now)]
          : [o.metadata?.name, o.metadata?.creationTimestamp ?? null];
    const row: Obj = { cells };
    const object = rowObject(o, options.includeObject);
    if (object) row.object = object;
    return row;
  });
  return { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: listMeta, columnDefinitions: options.noHeaders ? null : columns, rows };
}

/** True when the Accept header asks for a Table first (kubectl get). */
export function wantsTable(accept: string | undefined): boolean {
  if (!accept) return false;
  const first = accept.split(',')[0]!;
  return /as=Table/.test(first) && /g=meta\.k8s\.io/.test(first);
}
