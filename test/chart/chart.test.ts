// The Helm chart in deploy/chart, with helm v4 built from Go modules (test/helm/build.sh,
// HELM_TEST_BIN): `helm lint --strict` and `helm template` with several sets of values, the
// rendered objects checked for what matters (flags the server accepts, probes, security
// context, read-only RBAC), value sets that must fail with their message, deploy/*.yaml
// checked against the chart's RBAC, and every rendered object server-side applied (dry run)
// to a real kube-apiserver with strict field validation.

import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { KubeConfig } from '@kubernetes/client-node';
import { loadAll } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubePolicyRule } from '../../lib/kube/types';
import { loadConfig } from '../../server/config';
import { createKubeTransport, type KubeTransport } from '../../server/kube/kubeTransport';
import { waitFor } from '../contract/kubeOps';
import { startControlPlane, type ControlPlane } from '../k8s/controlPlane';
import { helmBinary, lint, render, template, type KubeObject } from './helm';
import { grants } from './rbacRules';
import { ServerSideApplier } from './serverSideApply';

const bin = helmBinary();
if (!bin) console.log('test/chart: HELM_TEST_BIN is not set, so the Helm chart is not tested. Build helm with test/helm/build.sh and set HELM_TEST_BIN to the directory it prints last.');

const NAMESPACE = 'spark-dashboard';
const RELEASE = 'spd';
const FULLNAME = `${RELEASE}-spark-pod-dashboard`;

interface ValueSet {
  name: string;
  values: Record<string, unknown>;
  /** Namespaces the rendered objects live in besides the release's (created before applying). */
  namespaces?: string[];
  check(objects: KubeObject[]): void;
}

// ---------------------------------------------------------------- reading rendered objects

function all(objects: KubeObject[], kind: string): KubeObject[] {
  return objects.filter((o) => o.kind === kind);
}

function one(objects: KubeObject[], kind: string): KubeObject {
  const found = all(objects, kind);
  expect(found.map((o) => o.metadata.name), `one ${kind}`).toHaveLength(1);
  return found[0]!;
}

interface Container {
  args: string[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  ports: { name: string; containerPort: number }[];
  startupProbe: { httpGet: { path: string; port: string } };
  livenessProbe: { httpGet: { path: string; port: string } };
  readinessProbe: { httpGet: { path: string; port: string } };
  securityContext: Record<string, unknown>;
  volumeMounts: { name: string; mountPath: string; readOnly?: boolean }[];
}
interface PodSpec {
  serviceAccountName: string;
  securityContext: Record<string, unknown>;
  containers: Container[];
  volumes: { name: string; emptyDir?: object; persistentVolumeClaim?: { claimName: string }; secret?: object }[];
}
interface DeploymentSpec { replicas: number; strategy?: { type: string }; template: { spec: PodSpec } }

const deployment = (objects: KubeObject[]) => one(objects, 'Deployment').spec as DeploymentSpec;
const pod = (objects: KubeObject[]) => deployment(objects).template.spec;
const container = (objects: KubeObject[]) => pod(objects).containers[0]!;
/** The value of --name=value in the container's args (undefined when absent). */
const flag = (objects: KubeObject[], name: string) => container(objects).args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const rulesOf = (role: KubeObject) => (role.rules ?? []) as KubePolicyRule[];

/** What every rendering must get right, whatever the values. */
function checkCommon(objects: KubeObject[], values: Record<string, unknown>): void {
  const base = (values.basePath as string | undefined) ?? '';
  const c = container(objects);
  expect(c.ports).toEqual([expect.objectContaining({ name: 'http', containerPort: 3000 })]);
  expect(c.startupProbe.httpGet).toEqual({ path: `${base}/healthz`, port: 'http' });
  expect(c.livenessProbe.httpGet).toEqual({ path: `${base}/healthz`, port: 'http' });
  expect(c.readinessProbe.httpGet).toEqual({ path: `${base}/readyz`, port: 'http' });
  expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 10001, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
  expect(pod(objects).securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } });
  // The root filesystem is read-only: /tmp is a volume.
  const tmp = c.volumeMounts.find((m) => m.mountPath === '/tmp');
  expect(pod(objects).volumes.find((v) => v.name === tmp?.name)?.emptyDir).toBeDefined();

  // The args are ones the server accepts (its own parser, with the Secret's variable present).
  const env = Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value ?? (e.valueFrom ? 'postgres://dashboard@db.example.com/spark_history' : '')]));
  const config = loadConfig(c.args, env);
  expect(config.inCluster).toBe(true);
  expect(config.host).toBe('0.0.0.0');
  expect(config.basePath).toBe(base);
  // The Service's own names are answered (other pods reach it by them).
  for (const h of [FULLNAME, `${FULLNAME}.${NAMESPACE}.svc`, `${FULLNAME}.${NAMESPACE}.svc.cluster.local`]) expect(config.allowedHosts).toContain(h);

  // RBAC: reads only; the one create is an access review, which changes nothing. No secrets.
  for (const role of [...all(objects, 'ClusterRole'), ...all(objects, 'Role')]) {
    for (const g of grants(rulesOf(role))) {
      const [resource, verb] = g.split(':') as [string, string];
      expect(resource, g).not.toMatch(/\*|\/secrets$/);
      if (verb === 'create') expect(resource, g).toMatch(/^authorization\.k8s\.io\/(local)?subjectaccessreviews$/);
      else expect(['get', 'list', 'watch'], g).toContain(verb);
    }
  }
  for (const binding of [...all(objects, 'ClusterRoleBinding'), ...all(objects, 'RoleBinding')]) {
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: pod(objects).serviceAccountName, namespace: NAMESPACE }]);
  }
  for (const o of objects) {
    if (!['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'].includes(o.kind)) expect(o.metadata.namespace, `${o.kind} ${o.metadata.name}`).toBe(NAMESPACE);
  }
}

// ---------------------------------------------------------------- the value sets

const SETS: ValueSet[] = [
  {
    name: 'defaults: every namespace, embedded history on a claim, no sign-in',
    values: {},
    check(objects) {
      expect(objects.map((o) => o.kind).sort()).toEqual(['ClusterRole', 'ClusterRoleBinding', 'Deployment', 'PersistentVolumeClaim', 'Service', 'ServiceAccount']);
      expect(flag(objects, 'auth')).toBe('none');
      expect(flag(objects, 'namespaces')).toBeUndefined();
      expect(flag(objects, 'history-dir')).toBe('/data/history');
      // One process at a time may open the embedded database.
      expect(deployment(objects).strategy).toEqual({ type: 'Recreate' });
      const claim = one(objects, 'PersistentVolumeClaim');
      expect(claim.metadata.annotations?.['helm.sh/resource-policy']).toBe('keep');
      expect(pod(objects).volumes.find((v) => v.name === 'history')?.persistentVolumeClaim?.claimName).toBe(claim.metadata.name);
      expect(container(objects).volumeMounts).toContainEqual({ name: 'history', mountPath: '/data' });
      const rules = grants(rulesOf(one(objects, 'ClusterRole')));
      expect(rules).toContain('core/namespaces:list');
      expect(rules).toContain('authorization.k8s.io/subjectaccessreviews:create');
      // Opt-in only: logs and the Spark UI proxy.
      expect(rules).not.toContain('core/pods/log:get');
      expect(rules).not.toContain('core/services/proxy:get');
      expect(container(objects).args).not.toContain('--spark-ui-proxy');
      expect(container(objects).env).toBeUndefined();
      expect(container(objects)).not.toHaveProperty('command');
    },
  },
  {
    name: 'namespaced RBAC for two namespaces, some rules off',
    values: { namespaces: ['team-a', 'team-b'], rbac: { rules: { configMaps: false, events: false } } },
    namespaces: ['team-a', 'team-b'],
    check(objects) {
      expect(all(objects, 'ClusterRole')).toEqual([]);
      expect(all(objects, 'ClusterRoleBinding')).toEqual([]);
      expect(all(objects, 'Role').map((r) => r.metadata.namespace)).toEqual(['team-a', 'team-b']);
      expect(all(objects, 'RoleBinding').map((r) => r.metadata.namespace)).toEqual(['team-a', 'team-b']);
      expect(flag(objects, 'namespaces')).toBe('team-a,team-b');
      const rules = grants(rulesOf(all(objects, 'Role')[0]!));
      expect(rules).toContain('authorization.k8s.io/localsubjectaccessreviews:create');
      for (const absent of ['core/namespaces:list', 'rbac.authorization.k8s.io/clusterroles:list', 'authorization.k8s.io/subjectaccessreviews:create', 'core/configmaps:get', 'core/events:list']) expect(rules).not.toContain(absent);
    },
  },
  {
    name: 'oidc sign-in',
    values: { auth: { mode: 'oidc', oidc: { issuer: 'https://login.example.com/realms/corp', audience: 'spark-dashboard', usernamePrefix: 'oidc:' } } },
    check(objects) {
      const config = loadConfig(container(objects).args, {});
      expect(config.auth).toBe('oidc');
      expect(config.oidcIssuer).toBe('https://login.example.com/realms/corp');
      expect(config.oidcAudience).toBe('spark-dashboard');
      expect(config.oidcUsernamePrefix).toBe('oidc:');
      expect(config.oidcGroupsPrefix).toBeUndefined();
    },
  },
  {
    name: 'proxy sign-in with trusted proxies, kiosk tokens from a Secret',
    values: { auth: { mode: 'proxy', proxy: { trustedProxies: ['10.0.0.0/8', 'fd00::/8'], groupsHeader: 'X-Auth-Request-Groups' } }, tokens: { existingSecret: 'dashboard-tokens' } },
    check(objects) {
      const config = loadConfig(container(objects).args, {});
      expect(config.auth).toBe('proxy');
      expect(config.tokenKeyFile).toBe('/etc/spark-pod-dashboard/tokens/key');
      expect(container(objects).volumeMounts).toContainEqual({ name: 'token-key', mountPath: '/etc/spark-pod-dashboard/tokens', readOnly: true });
      expect(pod(objects).volumes.find((v) => v.name === 'token-key')).toMatchObject({ secret: { secretName: 'dashboard-tokens', items: [{ key: 'key', path: 'key' }] } });
      expect(config.trustedProxies).toEqual(['10.0.0.0/8', 'fd00::/8']);
      expect(config.proxyGroupsHeader).toBe('X-Auth-Request-Groups');
    },
  },
  {
    name: 'external PostgreSQL from a Secret, two replicas',
    values: { replicas: 2, history: { database: 'postgres', postgres: { existingSecret: 'history-db', secretKey: 'DATABASE_URL' } }, podDisruptionBudget: { enabled: true } },
    check(objects) {
      expect(deployment(objects).replicas).toBe(2);
      expect(deployment(objects).strategy).toBeUndefined();
      expect(all(objects, 'PersistentVolumeClaim')).toEqual([]);
      expect(flag(objects, 'history-dir')).toBeUndefined();
      expect(container(objects).args.join(' ')).not.toMatch(/postgres:|database-url/);
      expect(container(objects).env).toEqual([{ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'history-db', key: 'DATABASE_URL' } } }]);
      expect(pod(objects).volumes.map((v) => v.name)).toEqual(['tmp']);
    },
  },
  {
    name: 'ingress under a base path, framed by a portal',
    values: {
      basePath: '/spark', frameAncestors: ['https://portal.example.com'], allowedOrigins: ['https://portal.example.com'],
      ingress: { enabled: true, className: 'nginx', hosts: ['dashboard.example.com'], tls: [{ secretName: 'dashboard-tls', hosts: ['dashboard.example.com'] }], annotations: { 'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600' } },
      history: { embedded: { persistence: { enabled: false } } },
    },
    check(objects) {
      const ingress = one(objects, 'Ingress').spec as { ingressClassName: string; rules: { host: string; http: { paths: { path: string; pathType: string; backend: { service: { name: string; port: { name: string } } } }[] } }[] };
      expect(ingress.ingressClassName).toBe('nginx');
      expect(ingress.rules).toEqual([{ host: 'dashboard.example.com', http: { paths: [{ path: '/spark', pathType: 'Prefix', backend: { service: { name: FULLNAME, port: { name: 'http' } } } }] } }]);
      const config = loadConfig(container(objects).args, {});
      expect(config.frameAncestors).toEqual(['https://portal.example.com']);
      expect(config.allowedOrigins).toEqual(['https://portal.example.com']);
      expect(config.allowedHosts).toContain('dashboard.example.com');
      // History without a claim: an emptyDir.
      expect(all(objects, 'PersistentVolumeClaim')).toEqual([]);
      expect(pod(objects).volumes.find((v) => v.name === 'history')?.emptyDir).toBeDefined();
    },
  },
  {
    name: 'ServiceMonitor, NetworkPolicy and PodDisruptionBudget, history off',
    values: {
      history: { enabled: false }, serviceMonitor: { enabled: true, labels: { release: 'prometheus' } }, podDisruptionBudget: { enabled: true },
      networkPolicy: {
        enabled: true,
        ingressFrom: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }],
        metricsFrom: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
        egress: { enabled: true, apiServer: { cidrs: ['10.96.0.1/32'] }, extra: [{ to: [{ ipBlock: { cidr: '10.20.0.0/16' } }], ports: [{ port: 5432, protocol: 'TCP' }] }] },
      },
    },
    check(objects) {
      expect(container(objects).args).toContain('--no-history');
      expect(all(objects, 'PersistentVolumeClaim')).toEqual([]);
      const monitor = one(objects, 'ServiceMonitor');
      expect(monitor.metadata.labels?.release).toBe('prometheus');
      expect(monitor.spec).toMatchObject({ endpoints: [{ port: 'http', path: '/metrics' }] });
      const policy = one(objects, 'NetworkPolicy').spec as { policyTypes: string[]; ingress: { from: unknown[] }[]; egress: unknown[] };
      expect(policy.policyTypes).toEqual(['Ingress', 'Egress']);
      expect(policy.ingress[0]!.from).toHaveLength(2);
      expect(policy.egress).toHaveLength(3);
      expect(one(objects, 'PodDisruptionBudget').spec).toMatchObject({ maxUnavailable: 1 });
    },
  },
  {
    name: 'pod logs and the Spark UI proxy granted, an existing service account and claim, a command',
    values: { rbac: { rules: { podLogs: true } }, sparkUiProxy: true, serviceAccount: { create: false, name: 'dashboard' }, history: { embedded: { persistence: { existingClaim: 'dashboard-history' } } }, command: ['npm', 'start', '--'] },
    check(objects) {
      expect(container(objects)).toMatchObject({ command: ['npm', 'start', '--'] });
      const rules = grants(rulesOf(one(objects, 'ClusterRole')));
      expect(rules).toContain('core/pods/log:get');
      expect(rules).toContain('core/services/proxy:get');
      expect(container(objects).args).toContain('--spark-ui-proxy');
      expect(all(objects, 'ServiceAccount')).toEqual([]);
      expect(pod(objects).serviceAccountName).toBe('dashboard');
      expect(all(objects, 'PersistentVolumeClaim')).toEqual([]);
      expect(pod(objects).volumes.find((v) => v.name === 'history')?.persistentVolumeClaim?.claimName).toBe('dashboard-history');
    },
  },
];

/** Values that must stop the install, and the words that say why. */
const REFUSED: { name: string; values: Record<string, unknown>; message: RegExp }[] = [
  { name: 'two replicas on the embedded history', values: { replicas: 2 }, message: /replicas is 2, but the embedded history database has one writer/ },
  { name: 'proxy sign-in without trusted proxies', values: { auth: { mode: 'proxy' } }, message: /auth\.mode proxy needs auth\.proxy\.trustedProxies/ },
  { name: 'oidc sign-in without an audience', values: { auth: { mode: 'oidc', oidc: { issuer: 'https://login.example.com' } } }, message: /auth\.mode oidc needs auth\.oidc\.issuer and auth\.oidc\.audience/ },
  { name: 'sign-in without access reviews', values: { auth: { mode: 'oidc', oidc: { issuer: 'https://login.example.com', audience: 'x' } }, rbac: { rules: { accessReviews: false } } }, message: /needs rbac\.rules\.accessReviews/ },
  { name: 'PostgreSQL without its Secret', values: { history: { database: 'postgres' } }, message: /history\.database postgres needs history\.postgres\.existingSecret/ },
  { name: 'a base path ending in /', values: { basePath: '/spark/' }, message: /basePath must be empty or start with \/ and not end with \// },
  { name: 'an ingress without hosts', values: { ingress: { enabled: true } }, message: /ingress\.enabled needs ingress\.hosts/ },
];

// ---------------------------------------------------------------- the suite

describe.skipIf(!bin)('Helm chart (deploy/chart)', () => {
  const helm = bin!;
  const rendered = new Map<string, KubeObject[]>();

  it('passes helm lint --strict with every value set', async () => {
    for (const set of SETS) {
      const r = await lint(helm, set.values, NAMESPACE);
      expect(r.ok ? '' : r.stderr, set.name).toBe('');
    }
  });

  for (const set of SETS) {
    it(`renders ${set.name}`, async () => {
      const objects = await render(helm, set.values, RELEASE, NAMESPACE);
      rendered.set(set.name, objects);
      checkCommon(objects, set.values);
      set.check(objects);
    });
  }

  for (const refused of REFUSED) {
    it(`refuses ${refused.name}`, async () => {
      const r = await template(helm, refused.values, RELEASE, NAMESPACE);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.stderr).toMatch(refused.message);
    });
  }

  it('grants what deploy/*.yaml grant, with matching values', async () => {
    const deployFile = (name: string) => loadAll(fs.readFileSync(fileURLToPath(new URL(`../../deploy/${name}`, import.meta.url)), 'utf8')) as KubeObject[];
    const [namespace] = deployFile('namespace.yaml');
    const plain = deployFile('rbac.yaml');
    const roleGrants = (objects: KubeObject[], kind: string) => grants(all(objects, kind).flatMap(rulesOf));
    // The plain manifests' names: release spark-dashboard in namespace spark-dashboard.
    const chart = (values: Record<string, unknown>) => render(helm, { fullnameOverride: 'spark-dashboard', ...values }, 'spark-dashboard', namespace!.metadata.name);

    const clusterWide = await chart({});
    expect(one(clusterWide, 'ServiceAccount').metadata).toMatchObject(one(plain, 'ServiceAccount').metadata);
    expect(roleGrants(clusterWide, 'ClusterRole')).toEqual(roleGrants(plain, 'ClusterRole'));
    for (const field of ['roleRef', 'subjects']) expect(one(clusterWide, 'ClusterRoleBinding')[field], field).toEqual(one(plain, 'ClusterRoleBinding')[field]);

    // The opt-in files add exactly the chart's opt-in rules.
    const optIn = [...plain, ...deployFile('rbac-logs.yaml'), ...deployFile('rbac-spark-ui-proxy.yaml')];
    expect(roleGrants(await chart({ rbac: { rules: { podLogs: true } }, sparkUiProxy: true }), 'ClusterRole')).toEqual(roleGrants(optIn, 'ClusterRole'));

    const namespacedPlain = deployFile('rbac-namespaced.yaml');
    const namespaced = await chart({ namespaces: ['team-a'] });
    expect(roleGrants(namespaced, 'Role')).toEqual(roleGrants(namespacedPlain, 'Role'));
    expect(one(namespaced, 'Role').metadata.namespace).toBe(one(namespacedPlain, 'Role').metadata.namespace);
    for (const field of ['roleRef', 'subjects']) expect(one(namespaced, 'RoleBinding')[field], field).toEqual(one(namespacedPlain, 'RoleBinding')[field]);
  });

  describe('server-side apply (dry run) on a real kube-apiserver', () => {
    let cp: ControlPlane;
    let api: KubeTransport;
    let applier: ServerSideApplier;

    beforeAll(async () => {
      cp = await startControlPlane();
      const kc = new KubeConfig();
      kc.loadFromFile(cp.kubeconfigPath('admin'));
      api = createKubeTransport(kc, { requestTimeoutMs: 20_000 });
      applier = new ServerSideApplier(api);
      // Dry runs of namespaced objects need their namespaces to exist: those are created for real.
      const namespaces = new Set([NAMESPACE, ...SETS.flatMap((s) => s.namespaces ?? [])]);
      for (const name of namespaces) await applier.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, { dryRun: false, fieldManager: 'chart-test' });
      // The ServiceMonitor's CRD is not part of Kubernetes: installed for real, then served.
      const crd = loadAll(fs.readFileSync(fileURLToPath(new URL('serviceMonitorCrd.yaml', import.meta.url)), 'utf8'))[0] as KubeObject;
      await applier.apply(crd, { dryRun: false, fieldManager: 'chart-test' });
      await waitFor('the ServiceMonitor CRD to be established', async () => {
        const got = await api.getJson<{ status?: { conditions?: { type: string; status: string }[] } }>(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}`);
        return got.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True');
      });
      applier.refresh();
    }, 180_000);

    afterAll(async () => {
      await cp?.stop();
    });

    for (const set of SETS) {
      it(`accepts every object of ${set.name}`, async () => {
        const objects = rendered.get(set.name) ?? await render(helm, set.values, RELEASE, NAMESPACE);
        expect(objects.length).toBeGreaterThan(0);
        for (const obj of objects) {
          const stored = await applier.apply(obj, { dryRun: true, fieldManager: 'helm-chart-test' });
          expect(stored.kind).toBe(obj.kind);
          expect(stored.metadata.name).toBe(obj.metadata.name);
        }
      });
    }

    it('stores nothing in a dry run', async () => {
      await expect(api.getJson(`/apis/apps/v1/namespaces/${NAMESPACE}/deployments/${FULLNAME}`)).rejects.toThrow(/404|not found/i);
    });
  });
});
