// The pod volume, the Spark-container mount and the claim Spark builds from one parsed volume
// spec (MountVolumesFeatureStep.constructVolumes), shaped as the API server returns them:
// empty strings and false flags left out, hostPath's type kept (the API defaults it to "").

import type { KubePersistentVolumeClaim, KubeVolume, KubeVolumeMount } from '../kube/types';
import { SPARK_APP_ID_LABEL } from '../spark/labels';
import { onDemandClaimName } from './onDemandClaims';
import type { ParsedVolumeSpec } from './parseSparkVolumeConf';
import { EXECUTOR_ID_PLACEHOLDER, ON_DEMAND, type SparkRole } from './sparkVolumeConf';

export interface SpecContext {
  /** The resource-name prefix (spark.kubernetes.executor.podNamePrefix or `<app>-<uniqueId>`). */
  prefix: string;
  /** The executor's id; ignored for the driver. */
  executorId?: number;
  /** The spec's position among the pod's parsed volume specs: the <i> of -pvc-<i>. */
  volumeIndex: number;
  /** For the spark-app-selector label of a claim Spark creates. */
  appId?: string;
}

export interface BuiltVolume {
  volume: KubeVolume;
  mount: KubeVolumeMount;
  /** The claim Spark creates: only when both storageClass and sizeLimit are set. */
  claim: KubePersistentVolumeClaim | null;
}

/** Spark's access mode for claims it creates (ReadWriteOnce with the legacy flag). */
export const SPARK_CLAIM_ACCESS_MODE = 'ReadWriteOncePod';

/**
 * The claim name after Spark's substitutions: every OnDemand becomes the on-demand name and,
 * for executors only, every SPARK_EXECUTOR_ID the executor id (in that order).
 */
export function resolveClaimName(template: string, role: SparkRole, ctx: SpecContext): string {
  const onDemand = template.split(ON_DEMAND).join(onDemandClaimName(ctx.prefix, role, ctx.volumeIndex, ctx.executorId));
  return role === 'driver' ? onDemand : onDemand.split(EXECUTOR_ID_PLACEHOLDER).join(String(ctx.executorId ?? 0));
}

/** What Spark puts on the pod (and creates) for one volume spec. */
export function volumeFromSpec(spec: ParsedVolumeSpec, role: SparkRole, ctx: SpecContext): BuiltVolume {
  const mount: KubeVolumeMount = { name: spec.volumeName, mountPath: spec.mountPath };
  if (spec.mountReadOnly) mount.readOnly = true;
  if (spec.mountSubPath !== '') mount.subPath = spec.mountSubPath;
  if (spec.mountSubPathExpr !== '') mount.subPathExpr = spec.mountSubPathExpr;

  const conf = spec.volumeConf;
  let volume: KubeVolume;
  let claim: KubePersistentVolumeClaim | null = null;
  switch (conf.type) {
    case 'hostPath':
      volume = { name: spec.volumeName, hostPath: { path: conf.path, type: conf.hostPathType } };
      break;
    case 'emptyDir': {
      const emptyDir: { medium?: string; sizeLimit?: string } = {};
      if (conf.medium !== undefined && conf.medium !== '') emptyDir.medium = conf.medium;
      if (conf.sizeLimit !== undefined) emptyDir.sizeLimit = conf.sizeLimit;
      volume = { name: spec.volumeName, emptyDir };
      break;
    }
    case 'nfs':
      // Spark passes readOnly null to the NFS source; only the mount is read-only.
      volume = { name: spec.volumeName, nfs: { server: conf.server, path: conf.path } };
      break;
    case 'persistentVolumeClaim': {
      const claimName = resolveClaimName(conf.claimNameTemplate, role, ctx);
      volume = { name: spec.volumeName, persistentVolumeClaim: spec.mountReadOnly ? { claimName, readOnly: true } : { claimName } };
      if (conf.storageClass !== undefined && conf.sizeLimit !== undefined) {
        // User labels first, so the application label wins over a user label of the same key.
        const labels = { ...conf.labels, ...(ctx.appId === undefined ? {} : { [SPARK_APP_ID_LABEL]: ctx.appId }) };
        claim = {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          metadata: { name: claimName, labels, ...(Object.keys(conf.annotations).length > 0 ? { annotations: { ...conf.annotations } } : {}) },
          spec: { storageClassName: conf.storageClass, accessModes: [SPARK_CLAIM_ACCESS_MODE], resources: { requests: { storage: conf.sizeLimit } } },
        };
      }
      break;
    }
  }
  return { volume, mount, claim };
}
