// GET /api/apps/:namespace/:appId/rbac: who the application's pods act as, every binding that
// applies, what a Spark driver needs and whether it has it (decided by the API server with
// SubjectAccessReview when the dashboard may create them, by lib/rbac otherwise), findings,
// and the least-privilege fix. Reads it may not make are reported, never fatal.

import type { AppRbacResponse, MissingAccess, ServiceAccountRbac } from '../../lib/apiTypes';
import type { KubeEvent, KubePersistentVolumeClaim, KubePod, KubeRole, KubeRoleBinding, KubeServiceAccount } from '../../lib/kube/types';
import { leastPrivilegeFix, missingNeeds } from '../../lib/rbac/leastPrivilegeFix';
import { rbacFindings } from '../../lib/rbac/rbacFindings';
import { toYaml } from '../../lib/rbac/yaml';
import { bindingsFor, type RbacSnapshot } from '../../lib/rbac/resolvePermissions';
import type { RequestAttributes } from '../../lib/rbac/ruleMatch';
import { checkDriverNeeds, checkDriverNeedsAsync, type NeedCheck } from '../../lib/rbac/sparkDriverNeeds';
import { SPARK_APP_ID_LABEL, sparkRoleOf } from '../../lib/spark/labels';
import { parseOnDemandClaimName } from '../../lib/volumes/onDemandClaims';
import type { KubeTransport } from '../kube/kubeTransport';
import { KubeApiError } from '../kube/kubeTransport';
import type { ClaimStore } from '../store/namespacedObjects';
import { type AppPodsReader, listIn, type PanelLoads, ShortCache } from './appResources';

const RBAC = '/apis/rbac.authorization.k8s.io/v1';

export interface RbacDeps {
  transport: KubeTransport;
  appPods: AppPodsReader;
  claims: ClaimStore;
  panelLoads: PanelLoads;
}

function serviceAccountOf(pod: KubePod | undefined): string {
  return pod?.spec?.serviceAccountName || pod?.spec?.serviceAccount || 'default';
}

export function createRbacRoute(deps: RbacDeps) {
  const cache = new ShortCache<AppRbacResponse>(5000);
  const { transport } = deps;

  async function sar(user: { name: string; groups: readonly string[] }, a: RequestAttributes): Promise<{ allowed: boolean; reason?: string }> {
    const body = {
      apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview',
      spec: {
        user: user.name, groups: user.groups,
        resourceAttributes: { verb: a.verb, group: a.apiGroup, resource: a.resource, subresource: a.subresource, name: a.name, namespace: a.namespace },
      },
    };
    const res = await transport.requestJson<{ status?: { allowed?: boolean; reason?: string } }>('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', { body });
    return { allowed: res.status?.allowed === true, reason: res.status?.reason };
  }

  async function load(namespace: string, appId: string): Promise<AppRbacResponse> {
    const missing: MissingAccess[] = [];
    const note = (m: MissingAccess | null) => { if (m) missing.push(m); };
    const pods = await deps.appPods.get(namespace, appId);
    note(pods.missing);
    const driver = (pods.value ?? []).find((p) => sparkRoleOf(p) === 'driver');
    const executor = (pods.value ?? []).find((p) => sparkRoleOf(p) === 'executor');
    const driverSa = serviceAccountOf(driver);
    const executorSa = executor ? serviceAccountOf(executor) : driverSa;

    const [roles, roleBindings, clusterRoles, clusterRoleBindings, serviceAccounts, events] = await Promise.all([
      listIn<KubeRole>(transport, `${RBAC}/namespaces/${namespace}/roles`, { what: 'roles', verb: 'list', resource: 'roles', group: 'rbac.authorization.k8s.io', namespace }),
      listIn<KubeRoleBinding>(transport, `${RBAC}/namespaces/${namespace}/rolebindings`, { what: 'role bindings', verb: 'list', resource: 'rolebindings', group: 'rbac.authorization.k8s.io', namespace }),
      listIn<KubeRole>(transport, `${RBAC}/clusterroles`, { what: 'cluster roles', verb: 'list', resource: 'clusterroles', group: 'rbac.authorization.k8s.io' }),
      listIn<KubeRoleBinding>(transport, `${RBAC}/clusterrolebindings`, { what: 'cluster role bindings', verb: 'list', resource: 'clusterrolebindings', group: 'rbac.authorization.k8s.io' }),
      listIn<KubeServiceAccount>(transport, `/api/v1/namespaces/${namespace}/serviceaccounts`, { what: 'service accounts', verb: 'list', resource: 'serviceaccounts', namespace }),
      driver ? listIn<KubeEvent>(transport, `/api/v1/namespaces/${namespace}/events`, { what: 'events', verb: 'list', resource: 'events', namespace }, { fieldSelector: `involvedObject.name=${driver.metadata?.name}` }) : Promise.resolve({ value: [] as KubeEvent[], missing: null }),
    ]);
    for (const r of [roles, roleBindings, clusterRoles, clusterRoleBindings, serviceAccounts, events]) note(r.missing);
    const snapshot: RbacSnapshot = {
      roles: roles.value ?? [], roleBindings: roleBindings.value ?? [], clusterRoles: clusterRoles.value ?? [], clusterRoleBindings: clusterRoleBindings.value ?? [],
    };
    const rbacComplete = !roles.missing && !roleBindings.missing && !clusterRoles.missing && !clusterRoleBindings.missing;

    const claimsOfApp: KubePersistentVolumeClaim[] = deps.claims.inNamespace(namespace).filter((c) => c.metadata?.labels?.[SPARK_APP_ID_LABEL] === appId);
    const usesOnDemandClaims = claimsOfApp.length > 0
      || (pods.value ?? []).some((p) => (p.spec?.volumes ?? []).some((v) => v.persistentVolumeClaim && parseOnDemandClaimName(v.persistentVolumeClaim.claimName)));

    // Verdicts from the API server when it lets us ask; our own evaluation otherwise.
    let needs: NeedCheck[];
    let verdicts: AppRbacResponse['verdicts'];
    let verdictNote: string;
    try {
      needs = await checkDriverNeedsAsync(sar, { namespace, serviceAccount: driverSa, usesOnDemandClaims });
      if (rbacComplete) {
        // Keep the server's verdicts, and add which binding grants each (known only locally).
        const local = checkDriverNeeds(snapshot, { namespace, serviceAccount: driverSa, usesOnDemandClaims });
        needs = needs.map((n) => ({ ...n, grantedBy: local.find((l) => l.need.id === n.need.id)?.grantedBy }));
      }
      verdicts = 'subject-access-review';
      verdictNote = 'Allowed and denied as the API server answered SubjectAccessReviews for the driver\'s service account.';
    } catch (e) {
      if (!(e instanceof KubeApiError && e.status === 403)) throw e;
      missing.push({ what: 'access reviews', verb: 'create', resource: 'subjectaccessreviews', group: 'authorization.k8s.io', message: e.message });
      if (rbacComplete) {
        needs = checkDriverNeeds(snapshot, { namespace, serviceAccount: driverSa, usesOnDemandClaims });
        verdicts = 'local';
        verdictNote = 'The dashboard may not create SubjectAccessReviews, so it evaluated the Roles and bindings it read itself, as the API server\'s RBAC authorizer does.';
      } else {
        needs = [];
        verdicts = 'unavailable';
        verdictNote = 'The dashboard may neither create SubjectAccessReviews nor read every Role and binding, so it cannot say what the driver may do.';
      }
    }

    const accounts: ServiceAccountRbac[] = [...new Map([[`driver`, driverSa], ['executor', executorSa]] as const)].map(([role, name]) => ({
      role, name,
      exists: serviceAccounts.value ? serviceAccounts.value.some((sa) => sa.metadata?.name === name) : null,
      bindings: rbacComplete || roleBindings.value || clusterRoleBindings.value ? bindingsFor(snapshot, namespace, name) : [],
    }));
    const findings = verdicts === 'unavailable' ? [] : rbacFindings({
      snapshot, namespace, serviceAccount: driverSa, usesOnDemandClaims, checks: needs,
      serviceAccounts: serviceAccounts.value ?? undefined, events: events.value ?? undefined,
    });
    const lacking = missingNeeds(needs);
    let fix = lacking.length ? leastPrivilegeFix({ namespace, serviceAccount: driverSa, missing: lacking, snapshot }) : null;
    if (fix && accounts[0].exists === false) {
      // The account itself is missing: the fix creates it too, first.
      const account = toYaml({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: driverSa, namespace } });
      fix = { ...fix, yaml: `# The service account does not exist yet.\n${account}---\n${fix.yaml}` };
    }
    return {
      namespace, serviceAccounts: accounts, usesOnDemandClaims, needs, verdicts, verdictNote, findings,
      fix,
      missingAccess: missing,
      at: Date.now(),
    };
  }

  return {
    get: (namespace: string, appId: string) => cache.get(`${namespace}/${appId}`, () => deps.panelLoads(() => load(namespace, appId))),
  };
}
