// The sidecars teams put in executor pod templates (a log shipper, a native OpenTelemetry
// collector), shared by the volume and pod template fixtures and by the simulator's scenarios.

import type { KubeContainer } from '../kube/types';

/** Fluent Bit reading the executor's log directory. */
export function logShipper(): KubeContainer {
  return {
    name: 'log-shipper',
    image: 'cr.fluentbit.io/fluent/fluent-bit:3.2.4',
    args: ['--config=/fluent-bit/etc/fluent-bit.yaml'],
    resources: { limits: { memory: '128Mi' }, requests: { cpu: '50m', memory: '64Mi' } },
    volumeMounts: [
      { name: 'spark-logs', mountPath: '/var/log/spark', readOnly: true },
      { name: 'fluent-bit-config', mountPath: '/fluent-bit/etc/' },
    ],
  };
}

/** A native sidecar: an init container with restartPolicy Always (Kubernetes 1.29+). */
export function otelCollector(): KubeContainer {
  return {
    name: 'otel-collector',
    image: 'otel/opentelemetry-collector-contrib:0.115.1',
    restartPolicy: 'Always',
    args: ['--config=/etc/otelcol/config.yaml'],
    resources: { limits: { memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
    volumeMounts: [{ name: 'otel-config', mountPath: '/etc/otelcol' }],
  };
}
