// pods/log, as every reader of it names it: the path, and what a 403 means in words (reading
// logs is opt-in, `deploy/rbac-logs.yaml`). Log tails, the driver-log scan and the live log
// say the same thing the same way.

export function podLogPath(namespace: string, name: string): string {
  return `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}/log`;
}

/** The sentence for a 403 on pods/log in `namespace` (the API's own words after it). */
export function podLogsForbidden(namespace: string, apiMessage: string): string {
  return `The dashboard may not read pod logs in ${namespace} (grant get on pods/log): ${apiMessage}`;
}
