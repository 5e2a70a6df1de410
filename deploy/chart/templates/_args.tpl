{{/*
The server's flags (server/config.ts; `npm start -- --help`), as a YAML list, every value quoted
by toYaml. The PostgreSQL URL is not here: it comes from a Secret as DATABASE_URL.
*/}}
{{- define "spd.args" -}}
{{- $v := .Values }}
{{- $a := list "--in-cluster" "--host=0.0.0.0" (printf "--port=%v" $v.containerPort) }}
{{- $a = append $a (printf "--allowed-hosts=%s" (include "spd.allowedHosts" .)) }}
{{- with $v.namespaces }}{{ $a = append $a (printf "--namespaces=%s" (uniq . | join ",")) }}{{ end }}
{{- with $v.labelSelector }}{{ $a = append $a (printf "--label-selector=%s" .) }}{{ end }}
{{- $a = append $a (printf "--log-level=%s" $v.logLevel) }}
{{- with $v.basePath }}{{ $a = append $a (printf "--base-path=%s" .) }}{{ end }}
{{- with $v.frameAncestors }}{{ $a = append $a (printf "--frame-ancestors=%s" (join "," .)) }}{{ end }}
{{- with $v.allowedOrigins }}{{ $a = append $a (printf "--allowed-origins=%s" (join "," .)) }}{{ end }}
{{- if $v.sparkUiProxy }}{{ $a = append $a "--spark-ui-proxy" }}{{ end }}
{{- with $v.tokens.existingSecret }}{{ $a = append $a (printf "--token-key-file=/etc/spark-pod-dashboard/tokens/%s" $v.tokens.secretKey) }}{{ end }}
{{- $a = append $a (printf "--auth=%s" $v.auth.mode) }}
{{- if eq $v.auth.mode "proxy" }}
{{- $p := $v.auth.proxy }}
{{- $a = concat $a (list (printf "--trusted-proxies=%s" (join "," $p.trustedProxies)) (printf "--proxy-user-header=%s" $p.userHeader) (printf "--proxy-email-header=%s" $p.emailHeader) (printf "--proxy-groups-header=%s" $p.groupsHeader)) }}
{{- end }}
{{- if eq $v.auth.mode "oidc" }}
{{- $o := $v.auth.oidc }}
{{- $a = concat $a (list (printf "--oidc-issuer=%s" $o.issuer) (printf "--oidc-audience=%s" $o.audience) (printf "--oidc-username-claim=%s" $o.usernameClaim) (printf "--oidc-groups-claim=%s" $o.groupsClaim)) }}
{{- with $o.usernamePrefix }}{{ $a = append $a (printf "--oidc-username-prefix=%s" .) }}{{ end }}
{{- with $o.groupsPrefix }}{{ $a = append $a (printf "--oidc-groups-prefix=%s" .) }}{{ end }}
{{- end }}
{{- if not $v.history.enabled }}
{{- $a = append $a "--no-history" }}
{{- else }}
{{- /* A subdirectory: a fresh volume's root may hold lost+found, which a new database refuses. */}}
{{- if include "spd.embeddedHistory" . }}{{ $a = append $a (printf "--history-dir=%s/history" $v.history.embedded.mountPath) }}{{ end }}
{{- with $v.history.retention }}{{ $a = append $a (printf "--history-retention=%s" .) }}{{ end }}
{{- end }}
{{- toYaml (concat $a $v.extraArgs) }}
{{- end }}
