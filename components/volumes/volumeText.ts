// A volume source in a few words, the way a platform engineer says it.

import type { VolumeGroup } from '../../lib/volumes/groupVolumes';

export function describeSource(g: VolumeGroup): string {
  const s = g.source;
  switch (s.kind) {
    case 'persistentVolumeClaim':
      return g.variesPerExecutor ? `claim ${g.variesPerExecutor.pattern} (one per executor)` : `claim ${s.claimName}${s.readOnly ? ' (read-only)' : ''}`;
    case 'nfs': return `NFS ${s.server}:${s.path}${s.readOnly ? ' (read-only)' : ''}`;
    case 'hostPath': return `host path ${s.path}${s.type ? ` (${s.type})` : ''}`;
    case 'emptyDir': return `emptyDir${s.medium ? ` on ${s.medium === 'Memory' ? 'memory (tmpfs)' : s.medium}` : ''}${s.sizeLimit ? `, limit ${s.sizeLimit}` : ''}`;
    case 'configMap': return `config map ${s.name}`;
    case 'secret': return `secret ${s.secretName}`;
    case 'projected': return `projected: ${s.sources.join(', ') || 'nothing'}`;
    default: return s.type ? `${s.type} volume` : 'not declared in the pod spec';
  }
}

export const KIND_LABEL: Record<VolumeGroup['kind'], string> = {
  persistentVolumeClaim: 'PVC', nfs: 'NFS', hostPath: 'hostPath', emptyDir: 'emptyDir', configMap: 'ConfigMap', secret: 'Secret', projected: 'Projected', other: 'Other',
};

export const ORIGIN_LABEL: Record<VolumeGroup['origin'], string> = {
  'spark-local-dir': "Spark's local dir", 'spark-conf': "Spark's configuration", 'spark-pod-template': "Spark's pod template", 'spark-secret': 'Spark secret',
  'spark-hadoop': 'Hadoop configuration', 'spark-kerberos': 'Kerberos', 'kube-api-access': 'API token (added by Kubernetes)', user: 'user',
};
