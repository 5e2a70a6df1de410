import { describe, expect, it } from 'vitest';
import { describeSchedulingDiagnosis, parseSchedulingMessage } from './schedulingCause';

const kinds = (m: string) => parseSchedulingMessage(m)!.causes.map((c) => [c.kind, c.nodes, c.detail]);

describe('parseSchedulingMessage: kube-scheduler FailedScheduling, as written by several versions', () => {
  it('1.27+: counted filter failures, preemption said apart', () => {
    const m = '0/12 nodes are available: 3 Insufficient memory, 9 Insufficient cpu. preemption: 0/12 nodes are available: 12 No preemption victims found for incoming pod.';
    const d = parseSchedulingMessage(m)!;
    expect(d.totalNodes).toBe(12);
    expect(kinds(m)).toEqual([['insufficient-resource', 3, 'memory'], ['insufficient-resource', 9, 'cpu']]);
    expect(d.preemption).toBe('12 No preemption victims found for incoming pod');
    expect(d.message).toBe(m);
    expect(describeSchedulingDiagnosis(d)).toBe('9 of 12 nodes lack cpu; 3 of 12 nodes lack memory');
  });

  it('1.25+: an untolerated taint with several keys, braces kept whole', () => {
    const m = '0/5 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) had untolerated taint {dedicated: gpu, team: ml}, 2 Insufficient nvidia.com/gpu. preemption: 0/5 nodes are available: 3 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod..';
    expect(kinds(m)).toEqual([
      ['untolerated-taint', 1, '{node-role.kubernetes.io/control-plane: }'],
      ['untolerated-taint', 2, '{dedicated: gpu, team: ml}'],
      ['insufficient-resource', 2, 'nvidia.com/gpu'],
    ]);
  });

  it('before 1.25: "had taint {…}, that the pod didn\'t tolerate" and "didn\'t match node selector"', () => {
    const m = "0/3 nodes are available: 1 node(s) had taint {node-role.kubernetes.io/master: }, that the pod didn't tolerate, 2 node(s) didn't match node selector.";
    expect(kinds(m)).toEqual([['untolerated-taint', 1, '{node-role.kubernetes.io/master: }'], ['node-affinity', 2, null]]);
  });

  it('1.23+: node affinity/selector, pod anti-affinity, spread constraints', () => {
    expect(kinds("0/6 nodes are available: 4 node(s) didn't match Pod's node affinity/selector, 2 node(s) didn't match pod anti-affinity rules.")).toEqual([
      ['node-affinity', 4, null], ['pod-affinity', 2, null],
    ]);
    expect(kinds("0/3 nodes are available: 3 node(s) didn't match pod topology spread constraints.")).toEqual([['pod-affinity', 3, null]]);
  });

  it('volumes: unbound claims (with and without a count), a missing claim, zone conflicts, attach limits', () => {
    expect(kinds('0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.')).toEqual([['unbound-claim', null, null]]);
    expect(kinds('0/3 nodes are available: 3 pod has unbound immediate PersistentVolumeClaims.')).toEqual([['unbound-claim', 3, null]]);
    expect(kinds('0/3 nodes are available: persistentvolumeclaim "spark-pvc-exec-7" not found.')).toEqual([['missing-claim', null, 'spark-pvc-exec-7']]);
    expect(kinds('0/4 nodes are available: 1 node(s) had volume node affinity conflict, 3 Insufficient cpu.')).toEqual([['volume-node-affinity', 1, null], ['insufficient-resource', 3, 'cpu']]);
    expect(kinds('0/2 nodes are available: 2 node(s) exceed max volume count.')).toEqual([['volume-limit', 2, null]]);
  });

  it('pods, ports, cordoned and not-ready nodes', () => {
    expect(kinds("0/8 nodes are available: 2 Too many pods, 1 node(s) didn't have free ports for the requested pod ports, 3 node(s) were unschedulable, 2 node(s) had untolerated taint {node.kubernetes.io/not-ready: }.")).toEqual([
      ['too-many-pods', 2, null], ['host-ports', 1, null], ['node-unschedulable', 3, null], ['node-not-ready', 2, 'not-ready'],
    ]);
  });

  it('ephemeral storage and extended resources', () => {
    expect(kinds('0/3 nodes are available: 3 Insufficient ephemeral-storage.')).toEqual([['insufficient-resource', 3, 'ephemeral-storage']]);
    expect(kinds('0/3 nodes are available: 1 Insufficient example.com/fpga, 2 Insufficient hugepages-2Mi.')).toEqual([
      ['insufficient-resource', 1, 'example.com/fpga'], ['insufficient-resource', 2, 'hugepages-2Mi'],
    ]);
  });

  it('Volcano ("nodes are unavailable") and gang waits', () => {
    expect(kinds('0/4 nodes are unavailable: 4 Insufficient cpu.')).toEqual([['insufficient-resource', 4, 'cpu']]);
    const gang = parseSchedulingMessage('pod group is not ready, 2 Pending, 5 minAvailable; Pending: 2 Undetermined')!;
    expect(gang.causes[0].kind).toBe('gang-waiting');
    expect(parseSchedulingMessage('3/5 tasks in gang unschedulable: pod group is not ready, 3 Pending, 5 minAvailable')!.causes[0].kind).toBe('gang-waiting');
  });

  it('an unknown filter keeps its words; text not about scheduling is not a diagnosis', () => {
    expect(kinds('0/2 nodes are available: 2 node(s) failed the custom-plugin check.')).toEqual([['other', 2, null]]);
    expect(describeSchedulingDiagnosis(parseSchedulingMessage('0/2 nodes are available: 2 node(s) failed the custom-plugin check.')!)).toBe('2 node(s) failed the custom-plugin check');
    expect(parseSchedulingMessage('Successfully assigned spark/exec-1 to node-3')).toBeNull();
    expect(parseSchedulingMessage('')).toBeNull();
    expect(parseSchedulingMessage(null)).toBeNull();
  });
});
