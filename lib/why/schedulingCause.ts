// The scheduler's FailedScheduling message (and the PodScheduled=False condition, which carries
// the same text) read into structured causes. kube-scheduler writes
//   "0/12 nodes are available: 3 Insufficient cpu, 9 node(s) had untolerated taint {k: v}.
//    preemption: 0/12 nodes are available: 12 No preemption victims found for incoming pod."
// as a count of nodes per filter failure (framework.Diagnosis → FitError.Error()), with wording
// that changed across versions ("had taint {…}, that the pod didn't tolerate" before 1.25,
// "didn't match node selector" before 1.23). Volcano says "nodes are unavailable"; gang
// schedulers say their pod group is not ready. Anything not recognised stays as "other" with
// its text, and the whole original message is always kept beside the causes.

export type SchedulingCauseKind =
  | 'insufficient-resource'
  | 'untolerated-taint'
  | 'node-affinity'
  | 'pod-affinity'
  | 'unbound-claim'
  | 'missing-claim'
  | 'volume-node-affinity'
  | 'volume-limit'
  | 'too-many-pods'
  | 'host-ports'
  | 'node-unschedulable'
  | 'node-not-ready'
  | 'gang-waiting'
  | 'scheduling-gated'
  | 'other';

export interface SchedulingCause {
  kind: SchedulingCauseKind;
  /** Nodes that failed for this reason; null when the message does not count them. */
  nodes: number | null;
  /** insufficient-resource: the resource (cpu, memory, ephemeral-storage, nvidia.com/gpu, …); untolerated-taint: the taint. */
  detail: string | null;
  /** The fragment of the message this cause was read from. */
  text: string;
}

export interface SchedulingDiagnosis {
  /** Nodes the scheduler considered (the "/N" of "0/N nodes"); null when not said. */
  totalNodes: number | null;
  causes: SchedulingCause[];
  /** What preemption found, when the message says ("Preemption is not helpful for scheduling"). */
  preemption: string | null;
  message: string;
}

const HEAD = /^\s*0\/(\d+) nodes (?:are|were) (?:available|unavailable)(?::\s*|\.\s*|$)/;

/** Splits "3 Insufficient cpu, 1 node(s) had untolerated taint {a: b, c: d}" on commas outside braces. */
function fragments(body: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of body) {
    if (ch === '{' || ch === '(' || ch === '[') depth++;
    if (ch === '}' || ch === ')' || ch === ']') depth = Math.max(0, depth - 1);
    if (ch === ',' && depth === 0) { out.push(cur); cur = ''; continue; }
    cur += ch;
  }
  out.push(cur);
  const parts = out.map((f) => f.trim().replace(/\.$/, '').trim()).filter(Boolean);
  // Before 1.25 a taint read "had taint {…}, that the pod didn't tolerate": one fragment, not two.
  return parts.reduce<string[]>((acc, f) => {
    if (/^that the pod didn't tolerate$/i.test(f) && acc.length) acc[acc.length - 1] += `, ${f}`;
    else acc.push(f);
    return acc;
  }, []);
}

const RULES: [RegExp, SchedulingCauseKind, ((m: RegExpMatchArray) => string | null)?][] = [
  [/^Insufficient (\S+)$/i, 'insufficient-resource', (m) => m[1]],
  [/had (?:untolerated )?taints? (\{.*\})(?:, that the pod didn't tolerate)?$/i, 'untolerated-taint', (m) => m[1]],
  [/didn't match (?:Pod's )?node (?:affinity\/selector|selector|affinity)/i, 'node-affinity'],
  [/didn't (?:match|satisfy) (?:pod|existing pods) (?:anti-)?affinity/i, 'pod-affinity'],
  [/didn't match pod topology spread constraints/i, 'pod-affinity'],
  [/unbound immediate PersistentVolumeClaims/i, 'unbound-claim'],
  [/persistentvolumeclaim "([^"]+)" not found/i, 'missing-claim', (m) => m[1]],
  [/persistentvolumeclaim "([^"]+)" is being deleted/i, 'missing-claim', (m) => m[1]],
  [/volume node affinity conflict/i, 'volume-node-affinity'],
  [/didn't find available persistent volumes to bind/i, 'unbound-claim'],
  [/exceed max volume count/i, 'volume-limit'],
  [/^Too many pods$/i, 'too-many-pods'],
  [/didn't have free ports/i, 'host-ports'],
  [/were unschedulable|node\(s\) unschedulable/i, 'node-unschedulable'],
  [/had (?:condition: )?\[?(?:NotReady|NetworkUnavailable|DiskPressure|MemoryPressure|PIDPressure)/i, 'node-not-ready'],
  [/node\.kubernetes\.io\/(not-ready|unreachable|disk-pressure|memory-pressure|pid-pressure|network-unavailable)/i, 'node-not-ready', (m) => m[1]],
];

function causeOf(fragment: string): SchedulingCause {
  const counted = /^(\d+)\s+(.*)$/.exec(fragment);
  const nodes = counted ? Number(counted[1]) : null;
  const rest = counted ? counted[2] : fragment;
  for (const [re, kind, detail] of RULES) {
    const m = rest.match(re);
    // A taint naming a node condition is a node that is not ready, not a taint to tolerate.
    if (m && kind === 'untolerated-taint' && /node\.kubernetes\.io\/(not-ready|unreachable|disk-pressure|memory-pressure|pid-pressure|network-unavailable)/.test(m[1])) {
      return { kind: 'node-not-ready', nodes, detail: /node\.kubernetes\.io\/([a-z-]+)/.exec(m[1])![1], text: fragment };
    }
    if (m) return { kind, nodes, detail: detail ? detail(m) : null, text: fragment };
  }
  return { kind: 'other', nodes, detail: null, text: fragment };
}

// Thousands of pending executors of one application carry the same message: read each once.
// (A memo of a pure function: the answer for a text never changes.)
const MEMO_SIZE = 512;
const memo = new Map<string, SchedulingDiagnosis | null>();

/** The structured reading of a scheduler's message; null for text that is not about scheduling. */
export function parseSchedulingMessage(message: string | null | undefined): SchedulingDiagnosis | null {
  if (!message) return null;
  if (memo.has(message)) return memo.get(message)!;
  const d = parse(message);
  if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value!);
  memo.set(message, d);
  return d;
}

function parse(message: string): SchedulingDiagnosis | null {
  const text = message.trim();
  // Gang schedulers (Volcano, YuniKorn, coscheduling): the pod waits for its group, not for a node.
  const gang = /pod ?group "?([^"\s,]+)"? (?:is not ready|has not enough|is unschedulable)|(\d+)\/(\d+) tasks in gang unschedulable|minMember|minAvailable|PodGroup .* is not ready|waiting for (?:its )?(?:pod ?group|gang)/i.exec(text);
  if (gang && !HEAD.test(text)) {
    return { totalNodes: null, causes: [{ kind: 'gang-waiting', nodes: null, detail: gang[1] ?? null, text }], preemption: null, message: text };
  }
  const head = HEAD.exec(text);
  if (!head) {
    if (/SchedulingGated|scheduling gates?/i.test(text)) return { totalNodes: null, causes: [{ kind: 'scheduling-gated', nodes: null, detail: null, text }], preemption: null, message: text };
    if (/Insufficient|node\(s\)|PersistentVolumeClaim|taint/i.test(text)) {
      return { totalNodes: null, causes: fragments(text).map(causeOf), preemption: null, message: text };
    }
    return null;
  }
  const totalNodes = Number(head[1]);
  let body = text.slice(head[0].length);
  let preemption: string | null = null;
  const p = /\s*preemption:\s*/i.exec(body);
  if (p) {
    preemption = body.slice(p.index + p[0].length).replace(HEAD, '').trim().replace(/\.$/, '') || null;
    body = body.slice(0, p.index);
  }
  const causes = fragments(body).map(causeOf);
  return { totalNodes, causes, preemption, message: text };
}

function nodesOf(c: SchedulingCause, total: number | null): string {
  if (c.nodes === null) return '';
  return total !== null ? `${c.nodes} of ${total} nodes ` : `${c.nodes} node${c.nodes === 1 ? '' : 's'} `;
}

/** One cause in words, e.g. "12 of 12 nodes lack cpu". */
export function describeSchedulingCause(c: SchedulingCause, totalNodes: number | null): string {
  const n = nodesOf(c, totalNodes);
  switch (c.kind) {
    case 'insufficient-resource': return `${n}${n ? 'lack' : 'not enough'} ${c.detail}`;
    case 'untolerated-taint': return `${n}${n ? 'have' : ''} a taint the pod does not tolerate${c.detail ? ` ${c.detail}` : ''}`.trim();
    case 'node-affinity': return `${n}${n ? "don't" : "no node doesn't"} match the pod's node selector or affinity`.replace("no node doesn't", 'no node matches');
    case 'pod-affinity': return `${n}${n ? 'fail' : 'failing'} the pod's (anti-)affinity or spread rules`;
    case 'unbound-claim': return 'a PersistentVolumeClaim is not bound yet';
    case 'missing-claim': return `PersistentVolumeClaim ${c.detail ?? ''} does not exist`.replace('  ', ' ');
    case 'volume-node-affinity': return `${n}${n ? 'are' : ''} outside the zone or nodes its volume is bound to`.trim();
    case 'volume-limit': return `${n}${n ? 'have' : ''} reached their limit of attached volumes`.trim();
    case 'too-many-pods': return `${n}${n ? 'are' : ''} full (pod count limit)`.trim();
    case 'host-ports': return `${n}${n ? 'have' : ''} its host ports taken`.trim();
    case 'node-unschedulable': return `${n}${n ? 'are' : ''} cordoned`.trim();
    case 'node-not-ready': return `${n}${n ? 'are' : ''} not ready${c.detail ? ` (${c.detail})` : ''}`.trim();
    case 'gang-waiting': return `waiting for its pod group${c.detail ? ` ${c.detail}` : ''} to be schedulable together`;
    case 'scheduling-gated': return 'held back by a scheduling gate (a queue admits it later)';
    default: return c.text;
  }
}

/** The diagnosis in one line, the largest causes first: "12 of 12 nodes lack cpu; 3 of 12 nodes are cordoned". */
export function describeSchedulingDiagnosis(d: SchedulingDiagnosis): string {
  const causes = [...d.causes].sort((a, b) => (b.nodes ?? 0) - (a.nodes ?? 0));
  return causes.map((c) => describeSchedulingCause(c, d.totalNodes)).join('; ');
}
