// Test support: the simulator wired to the in-memory fake API, with the fake's clock and the
// simulator's timestamps both on simulated time, plus helpers to read the recorded calls.

import type { KubePod } from '../../lib/kube/types';
import { silentLogger } from '../../server/log';
import { createFakeKubeApi, type FakeCall, type FakeKubeApi, type FakeKubeApiOptions } from './fakeKubeApi';
import { createWorkloadSimulator, type WorkloadOptions, type WorkloadSimulator } from './workload';

export const BASE_TIME = Date.UTC(2025, 10, 24, 12, 0, 0);
export const MINUTE = 60_000;

export interface Harness {
  fake: FakeKubeApi;
  sim: WorkloadSimulator;
}

export function harness(options: Partial<WorkloadOptions> & { fake?: FakeKubeApiOptions } = {}): Harness {
  let sim: WorkloadSimulator | undefined;
  const now = () => BASE_TIME + (sim ? sim.stats().simulatedMs : 0);
  const fake = createFakeKubeApi({ now, ...options.fake });
  sim = createWorkloadSimulator(fake, { seed: 1, scale: 1, churn: 0, log: silentLogger, warmupMs: 0, now, ...options });
  return { fake, sim };
}

export const isPodCreate = (c: FakeCall) => c.method === 'POST' && c.path.endsWith('/pods');
export const createdPod = (c: FakeCall) => c.body as KubePod;
export const roleOf = (c: FakeCall) => createdPod(c).metadata?.labels?.['spark-role'];
export const podPathOf = (pod: KubePod) => `/api/v1/namespaces/${pod.metadata?.namespace}/pods/${pod.metadata?.name}`;

/** The first driver the simulator created, and every call about its application's pods. */
export function firstApp(fake: FakeKubeApi) {
  const driverCall = fake.calls.find((c) => isPodCreate(c) && roleOf(c) === 'driver');
  if (!driverCall) throw new Error('no driver was created');
  const driver = createdPod(driverCall);
  const appId = driver.metadata!.labels!['spark-app-selector']!;
  const executorCreates = fake.calls.filter((c) => isPodCreate(c) && roleOf(c) === 'executor' && createdPod(c).metadata?.labels?.['spark-app-selector'] === appId);
  return { driver, driverPath: podPathOf(driver), appId, executorCreates, executors: executorCreates.map(createdPod) };
}

/** Calls on one pod (its own path or a subresource), in order. */
export function callsOn(fake: FakeKubeApi, podPath: string): FakeCall[] {
  return fake.calls.filter((c) => c.path === podPath || c.path.startsWith(podPath + '/'));
}

export type StatusBody = { status?: { phase?: string; reason?: string; containerStatuses?: { name?: string; state?: { terminated?: { exitCode?: number; reason?: string }; running?: unknown; waiting?: { reason?: string } } }[]; conditions?: { type?: string; status?: string; reason?: string; message?: string }[] } };

export const statusOf = (c: FakeCall) => (c.body as StatusBody).status;
export const isStatusWrite = (c: FakeCall) => c.method === 'PATCH' && c.path.endsWith('/status');
export const terminatedExit = (c: FakeCall, container: string) => statusOf(c)?.containerStatuses?.find((s) => s.name === container)?.state?.terminated?.exitCode;
