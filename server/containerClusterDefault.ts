// Which clusters the container image watches when it is told nothing: in a Kubernetes pod
// (the API server's address in the environment and a service account token mounted) the
// cluster it runs in, because a deployed dashboard that showed simulated applications would
// mislead; anywhere else (`podman run` on a laptop) the embedded simulated clusters, as
// `npm start` does. Any cluster setting given, even --no-in-cluster, is left as it is.

export const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

const CLUSTER_FLAGS = ['--kubeconfig', '--in-cluster', '--no-in-cluster'];
const CLUSTER_ENV = ['KUBECONFIG', 'IN_CLUSTER'];

export function watchesOwnClusterByDefault(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, hasServiceAccountToken: boolean): boolean {
  const toldByFlag = argv.some((a) => CLUSTER_FLAGS.some((f) => a === f || a.startsWith(`${f}=`)));
  const toldByEnv = CLUSTER_ENV.some((name) => env[name] !== undefined && env[name] !== '');
  return !toldByFlag && !toldByEnv && Boolean(env.KUBERNETES_SERVICE_HOST) && hasServiceAccountToken;
}
