#!/usr/bin/env bash
# Builds the helm CLI for the chart tests from the wrapper module in build/ (the version
# is pinned in build/go.mod), with the ordinary `go` command and the Go module proxy,
# as ../k8s/build.sh builds kube-apiserver and etcd. No prebuilt downloads.
#
# Output: a version-keyed cache dir OUTSIDE the repo (no binary is ever committed):
#   ${HELM_TEST_BIN:-$HOME/.cache/spark-pod-dashboard/helm-bin/<helm version>}
# Idempotent: an existing binary is not rebuilt; the build goes to a temp name that is
# renamed when complete, so an interrupted build never passes for a finished one.
# stdout: `helm version`, then (LAST line) the bin dir path. Build logs go to stderr.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mod="$here/build"

# Same environment as ../k8s/build.sh: no go.work, no inherited flags, no cgo.
export GOWORK=off GOFLAGS= CGO_ENABLED=0

helm_ver="$(cd "$mod" && go list -m -f '{{.Version}}' helm.sh/helm/v4)"   # e.g. v4.3.2
bin_dir="${HELM_TEST_BIN:-$HOME/.cache/spark-pod-dashboard/helm-bin/${helm_ver#v}}"
mkdir -p "$bin_dir"
out="$bin_dir/helm"

if [[ -x "$out" ]]; then
  echo "build.sh: helm already built at $out (skipping)" >&2
else
  tmp="$bin_dir/.helm.tmp.$$"
  trap "rm -f '$tmp'" EXIT
  echo "build.sh: building helm.sh/helm/v4/cmd/helm $helm_ver -> $out ($(go version))" >&2
  start=$SECONDS
  # Version stamping as helm's Makefile does for a tagged build (without it `helm version`
  # says v4.3); the proxy does not expose the commit, so gitCommit names the module version.
  ldflags="-s -w -X helm.sh/helm/v4/internal/version.version=$helm_ver"
  ldflags+=" -X helm.sh/helm/v4/internal/version.gitCommit=module-helm.sh/helm/v4@$helm_ver"
  ldflags+=" -X helm.sh/helm/v4/internal/version.gitTreeState=clean"
  # -buildvcs=false: the wrapper sits inside our git checkout; never stamp its VCS state.
  (cd "$mod" && go build -trimpath -buildvcs=false -ldflags "$ldflags" -o "$tmp" helm.sh/helm/v4/cmd/helm)
  mv -f "$tmp" "$out"
  trap - EXIT
  echo "build.sh: built helm in $((SECONDS - start))s" >&2
fi

"$out" version
echo "$bin_dir"
