// Wire shapes of the Kubernetes objects we read, exactly as the API serves them as JSON
// (timestamps are RFC 3339 strings, not Date objects). Every field is optional because
// the dashboard must survive malformed objects: readers check before they trust.

export interface KubeObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: KubeOwnerReference[];
  finalizers?: string[];
  managedFields?: unknown[];
}

export interface KubeOwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface KubeListMeta {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface KubeList<T> {
  apiVersion?: string;
  kind?: string;
  metadata?: KubeListMeta;
  items: T[];
}

/** The `Status` object the API returns for errors (and inside watch ERROR events). */
export interface KubeStatus {
  apiVersion?: 'v1';
  kind: 'Status';
  metadata?: KubeListMeta;
  status?: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: { name?: string; group?: string; kind?: string; uid?: string; causes?: { reason?: string; message?: string; field?: string }[]; retryAfterSeconds?: number };
  code?: number;
}

export type KubeWatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface KubeWatchEvent<T = unknown> {
  type: KubeWatchEventType;
  object: T;
}

// ---------------------------------------------------------------- pods

export interface KubeContainerStateRunning { startedAt?: string }
export interface KubeContainerStateTerminated {
  exitCode?: number;
  signal?: number;
  reason?: string;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  containerID?: string;
}
export interface KubeContainerStateWaiting { reason?: string; message?: string }

export interface KubeContainerState {
  running?: KubeContainerStateRunning | null;
  terminated?: KubeContainerStateTerminated | null;
  waiting?: KubeContainerStateWaiting | null;
}

export interface KubeContainerStatus {
  name?: string;
  image?: string;
  imageID?: string;
  containerID?: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  state?: KubeContainerState | null;
  lastState?: KubeContainerState | null;
}

export interface KubePodCondition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastProbeTime?: string | null;
}

export interface KubePodStatus {
  phase?: string;
  reason?: string;
  message?: string;
  nominatedNodeName?: string;
  hostIP?: string;
  podIP?: string;
  podIPs?: { ip: string }[];
  startTime?: string;
  qosClass?: string;
  conditions?: KubePodCondition[];
  containerStatuses?: KubeContainerStatus[];
  initContainerStatuses?: KubeContainerStatus[];
  ephemeralContainerStatuses?: KubeContainerStatus[];
}

export interface KubeEnvVar {
  name: string;
  value?: string;
  valueFrom?: Record<string, unknown>;
}

export interface KubeVolumeMount {
  name: string;
  mountPath: string;
  subPath?: string;
  subPathExpr?: string;
  readOnly?: boolean;
  mountPropagation?: string;
}

export interface KubeResourceRequirements {
  limits?: Record<string, string>;
  requests?: Record<string, string>;
}

export interface KubeContainer {
  name: string;
  image?: string;
  imagePullPolicy?: string;
  command?: string[];
  args?: string[];
  env?: KubeEnvVar[];
  ports?: { name?: string; containerPort: number; protocol?: string }[];
  resources?: KubeResourceRequirements;
  volumeMounts?: KubeVolumeMount[];
  restartPolicy?: string;
  resizePolicy?: { resourceName: string; restartPolicy: string }[];
  terminationMessagePath?: string;
  terminationMessagePolicy?: string;
  securityContext?: Record<string, unknown>;
}

export interface KubeVolume {
  name: string;
  persistentVolumeClaim?: { claimName: string; readOnly?: boolean };
  nfs?: { server: string; path: string; readOnly?: boolean };
  hostPath?: { path: string; type?: string };
  emptyDir?: { medium?: string; sizeLimit?: string };
  configMap?: { name?: string; items?: { key: string; path: string }[]; defaultMode?: number; optional?: boolean };
  secret?: { secretName?: string; items?: { key: string; path: string }[]; defaultMode?: number; optional?: boolean };
  projected?: Record<string, unknown>;
  [other: string]: unknown;
}

export interface KubePodSpec {
  containers?: KubeContainer[];
  initContainers?: KubeContainer[];
  ephemeralContainers?: KubeContainer[];
  volumes?: KubeVolume[];
  restartPolicy?: string;
  nodeName?: string;
  serviceAccountName?: string;
  serviceAccount?: string;
  schedulerName?: string;
  hostname?: string;
  nodeSelector?: Record<string, string>;
  imagePullSecrets?: { name: string }[];
  terminationGracePeriodSeconds?: number;
  priorityClassName?: string;
  tolerations?: Record<string, unknown>[];
  affinity?: Record<string, unknown>;
  securityContext?: Record<string, unknown>;
  [other: string]: unknown;
}

export interface KubePod {
  apiVersion?: string;
  kind?: string;
  metadata?: KubeObjectMeta;
  spec?: KubePodSpec;
  status?: KubePodStatus | null;
}

// ---------------------------------------------------------------- other kinds

export interface KubePersistentVolumeClaim {
  apiVersion?: string;
  kind?: string;
  metadata?: KubeObjectMeta;
  spec?: {
    accessModes?: string[];
    storageClassName?: string;
    volumeName?: string;
    volumeMode?: string;
    resources?: KubeResourceRequirements;
  };
  status?: { phase?: string; accessModes?: string[]; capacity?: Record<string, string> };
}

export interface KubeNamespace {
  apiVersion?: string;
  kind?: string;
  metadata?: KubeObjectMeta;
  spec?: { finalizers?: string[] };
  status?: { phase?: string };
}

export interface KubeServiceAccount {
  apiVersion?: string;
  kind?: string;
  metadata?: KubeObjectMeta;
}

export interface KubePolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface KubeRole {
  apiVersion?: string;
  kind?: 'Role' | 'ClusterRole' | string;
  metadata?: KubeObjectMeta;
  rules?: KubePolicyRule[] | null;
  aggregationRule?: { clusterRoleSelectors?: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] }[] };
}

export interface KubeSubject {
  kind: 'User' | 'Group' | 'ServiceAccount' | string;
  name: string;
  namespace?: string;
  apiGroup?: string;
}

export interface KubeRoleBinding {
  apiVersion?: string;
  kind?: 'RoleBinding' | 'ClusterRoleBinding' | string;
  metadata?: KubeObjectMeta;
  roleRef: { apiGroup: string; kind: 'Role' | 'ClusterRole' | string; name: string };
  subjects?: KubeSubject[] | null;
}

export interface KubeEvent {
  apiVersion?: string;
  kind?: string;
  metadata?: KubeObjectMeta;
  involvedObject?: { kind?: string; namespace?: string; name?: string; uid?: string; apiVersion?: string; resourceVersion?: string; fieldPath?: string };
  reason?: string;
  message?: string;
  type?: string;
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  source?: { component?: string; host?: string };
  reportingComponent?: string;
}

export interface KubeResourceQuota {
  apiVersion?: string;
  kind?: string;
  metadata?: KubeObjectMeta;
  spec?: {
    hard?: Record<string, string>;
    scopes?: string[];
    scopeSelector?: { matchExpressions?: { scopeName?: string; operator?: string; values?: string[] }[] };
  };
  status?: { hard?: Record<string, string>; used?: Record<string, string> };
}

export interface KubeLimitRange {
  apiVersion?: string;
  kind?: string;
  metadata?: KubeObjectMeta;
  spec?: {
    limits?: {
      type?: string;
      max?: Record<string, string>;
      min?: Record<string, string>;
      default?: Record<string, string>;
      defaultRequest?: Record<string, string>;
      maxLimitRequestRatio?: Record<string, string>;
    }[];
  };
}
