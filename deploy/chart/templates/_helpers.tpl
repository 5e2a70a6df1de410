{{/* Names and labels, as `helm create` makes them. */}}
{{- define "spd.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "spd.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "spd.selectorLabels" -}}
app.kubernetes.io/name: {{ include "spd.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "spd.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "spd.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "spd.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "spd.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false: the existing service account the dashboard runs as" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The embedded history's claim: the user's, or the chart's. */}}
{{- define "spd.historyClaimName" -}}
{{- default (printf "%s-history" (include "spd.fullname" .)) .Values.history.embedded.persistence.existingClaim }}
{{- end }}

{{- define "spd.embeddedHistory" -}}
{{- if and .Values.history.enabled (eq .Values.history.database "embedded") }}true{{ end }}
{{- end }}

{{/* Host names the server answers to: the Service's own DNS names, the ingress hosts, and the extra ones. */}}
{{- define "spd.allowedHosts" -}}
{{- $svc := include "spd.fullname" . }}
{{- $ns := .Release.Namespace }}
{{- $hosts := list $svc (printf "%s.%s" $svc $ns) (printf "%s.%s.svc" $svc $ns) (printf "%s.%s.svc.cluster.local" $svc $ns) }}
{{- if .Values.ingress.enabled }}{{ $hosts = concat $hosts .Values.ingress.hosts }}{{ end }}
{{- concat $hosts .Values.allowedHosts | uniq | join "," }}
{{- end }}

{{/*
Checks the values as a whole; a wrong combination stops the install with what to change.
Included by the Deployment, which every release renders.
*/}}
{{- define "spd.validate" -}}
{{- $v := .Values }}
{{- if not (has $v.auth.mode (list "none" "proxy" "oidc")) }}
{{- fail (printf "auth.mode must be none, proxy or oidc (got %q)" $v.auth.mode) }}
{{- end }}
{{- if and (eq $v.auth.mode "proxy") (empty $v.auth.proxy.trustedProxies) }}
{{- fail "auth.mode proxy needs auth.proxy.trustedProxies: the sign-in proxy's addresses (e.g. [10.0.0.0/8]). Without them anyone who reaches the dashboard could claim to be anyone by sending the identity headers." }}
{{- end }}
{{- if and (eq $v.auth.mode "oidc") (or (empty $v.auth.oidc.issuer) (empty $v.auth.oidc.audience)) }}
{{- fail "auth.mode oidc needs auth.oidc.issuer and auth.oidc.audience: the issuer whose ID tokens are accepted and the client id they must be for." }}
{{- end }}
{{- if and (ne $v.auth.mode "none") $v.rbac.create (not $v.rbac.rules.accessReviews) }}
{{- fail (printf "auth.mode %s needs rbac.rules.accessReviews: the dashboard asks Kubernetes (SubjectAccessReviews) which namespaces each person may see." $v.auth.mode) }}
{{- end }}
{{- if not (has $v.history.database (list "embedded" "postgres")) }}
{{- fail (printf "history.database must be embedded or postgres (got %q)" $v.history.database) }}
{{- end }}
{{- if and (include "spd.embeddedHistory" .) (gt (int $v.replicas) 1) }}
{{- fail (printf "replicas is %d, but the embedded history database has one writer: set history.database postgres (with history.postgres.existingSecret), or history.enabled false, or replicas 1." (int $v.replicas)) }}
{{- end }}
{{- if and $v.history.enabled (eq $v.history.database "postgres") (empty $v.history.postgres.existingSecret) }}
{{- fail "history.database postgres needs history.postgres.existingSecret: a Secret in the release namespace whose key history.postgres.secretKey holds the postgres:// URL." }}
{{- end }}
{{- if and $v.basePath (not (regexMatch "^/[A-Za-z0-9._~/-]*[A-Za-z0-9._~-]$" $v.basePath)) }}
{{- fail (printf "basePath must be empty or start with / and not end with / (got %q)" $v.basePath) }}
{{- end }}
{{- range $v.namespaces }}
{{- if not (regexMatch "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$" .) }}
{{- fail (printf "namespaces: %q is not a namespace name (leave the list empty to watch every namespace)" .) }}
{{- end }}
{{- end }}
{{- if and $v.ingress.enabled (empty $v.ingress.hosts) }}
{{- fail "ingress.enabled needs ingress.hosts: the host names the dashboard is reached by (they are also added to --allowed-hosts)." }}
{{- end }}
{{- end }}

{{/*
The dashboard's read rules. Argument: a dict with "root" (the chart's context) and "clusterWide"
(true for the ClusterRole; false for each namespace's Role, which has no cluster-scoped
resources and asks LocalSubjectAccessReviews). deploy/rbac*.yaml hold the same rules, with why.
*/}}
{{- define "spd.rules" -}}
{{- $r := .root.Values.rbac.rules }}
- apiGroups: [""]
  resources: [pods]
  verbs: [get, list, watch]
{{- if $r.persistentVolumeClaims }}
- apiGroups: [""]
  resources: [persistentvolumeclaims]
  verbs: [get, list, watch]
{{- end }}
{{- if $r.serviceAccounts }}
- apiGroups: [""]
  resources: [serviceaccounts]
  verbs: [get, list, watch]
{{- end }}
{{- if $r.events }}
- apiGroups: [""]
  resources: [events]
  verbs: [get, list, watch]
{{- end }}
{{- if $r.quotasAndLimitRanges }}
- apiGroups: [""]
  resources: [resourcequotas, limitranges]
  verbs: [get, list, watch]
{{- end }}
{{- if $r.operatorApplications }}
- apiGroups: [sparkoperator.k8s.io, spark.apache.org]
  resources: [sparkapplications, scheduledsparkapplications]
  verbs: [get, list, watch]
{{- end }}
{{- if $r.configMaps }}
- apiGroups: [""]
  resources: [configmaps]
  verbs: [get, list, watch]
{{- end }}
{{- if .clusterWide }}
# --namespaces '*' and the namespace filter.
- apiGroups: [""]
  resources: [namespaces]
  verbs: [get, list, watch]
{{- end }}
{{- if $r.rbacObjects }}
- apiGroups: [rbac.authorization.k8s.io]
  resources: {{ if .clusterWide }}[roles, rolebindings, clusterroles, clusterrolebindings]{{ else }}[roles, rolebindings]{{ end }}
  verbs: [get, list, watch]
{{- end }}
{{- if $r.accessReviews }}
- apiGroups: [authorization.k8s.io]
  resources: [{{ if .clusterWide }}subjectaccessreviews{{ else }}localsubjectaccessreviews{{ end }}]
  verbs: [create]
{{- end }}
{{- if $r.podLogs }}
# Opt-in: logs hold whatever jobs print, secrets included.
- apiGroups: [""]
  resources: [pods/log]
  verbs: [get]
{{- end }}
{{- if .root.Values.sparkUiProxy }}
# Opt-in with sparkUiProxy: every dashboard user sees every running Spark UI.
- apiGroups: [""]
  resources: [services/proxy]
  verbs: [get]
{{- end }}
{{- end }}
