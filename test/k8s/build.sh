#!/usr/bin/env bash
# Builds kube-apiserver and etcd for the integration tests from the wrapper
# modules in build/ (versions are pinned in build/*/go.mod), with the ordinary
# `go` command and the Go module proxy. No Docker, no prebuilt downloads.
#
# Output: a version-keyed cache dir OUTSIDE the repo (so no binaries are ever
# committed and CI machines that persist ~/.cache reuse them):
#   ${K8S_TEST_BIN:-$HOME/.cache/spark-pod-dashboard/k8s-bin/<k8sver>-etcd<etcdver>}
# Idempotent: a binary that already exists is not rebuilt. Each binary is built
# under a temp name and renamed, so an interrupted build never leaves a
# half-written binary that a later run would mistake for a finished one.
# stdout: each binary's --version, then (LAST line) the bin dir path.
# Build logs go to stderr. Measured on 2 cores: cold ~4 min (plus ~750 MB of module downloads), warm 0.1 s.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
api_mod="$here/build/kube-apiserver"
etcd_mod="$here/build/etcd"

# Ignore any go.work above us and inherited flags such as -mod=vendor; no cgo,
# as upstream builds these binaries statically. GOTOOLCHAIN/GOPROXY stay as the
# machine has them (a too-new requirement then fails fast instead of downloading).
export GOWORK=off GOFLAGS= CGO_ENABLED=0

# Version of module $2 as resolved in wrapper $1 (read from go.mod; offline).
modver() { (cd "$1" && go list -m -f '{{.Version}}' "$2"); }
# Commit time of that version as the proxy reports it: a reproducible build date.
modtime() { (cd "$1" && go list -m -f '{{if .Time}}{{.Time.UTC.Format "2006-01-02T15:04:05Z"}}{{end}}' "$2"); }

k8s_ver="$(modver "$api_mod" k8s.io/kubernetes)"        # e.g. v1.34.4
etcd_ver="$(modver "$etcd_mod" go.etcd.io/etcd/server/v3)" # e.g. v3.6.16
bin_dir="${K8S_TEST_BIN:-$HOME/.cache/spark-pod-dashboard/k8s-bin/${k8s_ver#v}-etcd${etcd_ver#v}}"
mkdir -p "$bin_dir"

# build <wrapper dir> <package> <output name> <ldflags>
build() {
  local dir="$1" pkg="$2" name="$3" ldflags="$4"
  local out="$bin_dir/$name"
  if [[ -x "$out" ]]; then
    echo "build.sh: $name already built at $out (skipping)" >&2
    return 0
  fi
  local tmp="$bin_dir/.$name.tmp.$$"
  trap "rm -f '$tmp'" EXIT   # expanded now: $tmp is local
  echo "build.sh: building $pkg -> $out ($(go version))" >&2
  local start=$SECONDS
  # -buildvcs=false: the wrapper sits inside our git checkout; never stamp its VCS state.
  (cd "$dir" && go build -trimpath -buildvcs=false -tags "selinux,notest,grpcnotrace" \
      -ldflags "-s -w $ldflags" -o "$tmp" "$pkg")
  mv -f "$tmp" "$out"
  trap - EXIT
  echo "build.sh: built $name in $((SECONDS - start))s" >&2
}

# Version stamping as kubernetes' hack/lib/version.sh does; without it /version
# reports v0.0.0-master+$Format:%H$. The proxy does not expose the git commit,
# so gitCommit names the module version instead.
k8s_minor="${k8s_ver#v1.}"; k8s_minor="${k8s_minor%%.*}"
k8s_date="$(modtime "$api_mod" k8s.io/kubernetes)"
k8s_ldflags=""
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  k8s_ldflags+=" -X $p.gitVersion=$k8s_ver -X $p.gitMajor=1 -X $p.gitMinor=$k8s_minor"
  k8s_ldflags+=" -X $p.gitCommit=module-k8s.io/kubernetes@$k8s_ver -X $p.gitTreeState=clean"
  k8s_ldflags+=" -X $p.buildDate=${k8s_date:-1970-01-01T00:00:00Z}"
done
# etcd's version number is a constant in go.etcd.io/etcd/api/v3/version; only the SHA is stamped.
etcd_ldflags="-X go.etcd.io/etcd/api/v3/version.GitSHA=module-$etcd_ver"

build "$etcd_mod" go.etcd.io/etcd/server/v3 etcd "$etcd_ldflags"
build "$api_mod" k8s.io/kubernetes/cmd/kube-apiserver kube-apiserver "$k8s_ldflags"

"$bin_dir/kube-apiserver" --version
"$bin_dir/etcd" --version
echo "$bin_dir"
