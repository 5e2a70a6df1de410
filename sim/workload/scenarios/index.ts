// Every story, in the order the first wave submits them (so even a small first wave shows
// the most telling ones).

import { batchEtl } from './batchEtl';
import type { Scenario } from './common';
import { containerNameTrap } from './containerNameTrap';
import { evictions } from './evictions';
import { exitFailures } from './exitFailures';
import { inactiveExecutors } from './inactiveExecutors';
import { missingPermission } from './missingPermission';
import { missingServiceAccount } from './missingServiceAccount';
import { oomKilled } from './oomKilled';
import { overPrivileged } from './overPrivileged';
import { pendingClaim } from './pendingClaim';
import { quotaStarved } from './quotaStarved';
import { sidecarFailure } from './sidecarFailure';
import { sparkOperatorApps, type OperatorScenario } from './sparkOperatorApps';
import { streamingDynamic } from './streamingDynamic';
import { unschedulable } from './unschedulable';

export type { Scenario, ScenarioEnv } from './common';
export type { OperatorScenario } from './sparkOperatorApps';

export const SCENARIOS: readonly Scenario[] = [
  batchEtl,
  streamingDynamic,
  oomKilled,
  unschedulable,
  pendingClaim,
  evictions,
  exitFailures,
  inactiveExecutors,
  sidecarFailure,
  containerNameTrap,
  missingPermission,
  overPrivileged,
  missingServiceAccount,
  quotaStarved,
];

/** Stories told through the Kubeflow operator's resources; they run only where the API serves its CRDs. */
export const OPERATOR_SCENARIOS: readonly OperatorScenario[] = [sparkOperatorApps];
