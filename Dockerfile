# The dashboard's container image (README, "Container image"); `npm run image` builds it.
# Stage 1 installs every dependency and builds the pages; stage 2 holds the production
# dependencies, the built pages and the server's TypeScript sources (run by tsx), all owned
# by root and read-only to the dashboard's user.
#
# At run time the image writes only to /data (the embedded history and the embedded cluster's
# certificates: a volume) and /tmp (tsx's compile cache: an emptyDir in Kubernetes), so it runs
# with a read-only root filesystem. test/image/ builds an equivalent image without a registry
# from Debian packages and this file's runtime settings (it reads them from here) and runs it.

ARG NODE_IMAGE=docker.io/library/node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# Next.js fixes the base path at build time (one build directory per base path).
ARG BASE_PATH=""
RUN BASE_PATH="$BASE_PATH" node scripts/ensure-build.mjs \
 && npm prune --omit=dev --no-audit --no-fund \
 && mkdir -p /app/scripts \
 && cp -a package.json next.config.mjs tsconfig.json server sim lib node_modules /app/ \
 && cp -a scripts/distDir.mjs /app/scripts/ \
 && cp -a .next* /app/ \
 && rm -rf /app/.next*/cache

FROM ${NODE_IMAGE} AS runtime
# tini as PID 1: it forwards SIGTERM to Node (which then shuts down cleanly) and reaps
# children; Node itself as PID 1 would ignore SIGTERM until its handler is installed.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 10001 dashboard \
 && useradd --uid 10001 --gid 10001 --home-dir /data --no-create-home --shell /usr/sbin/nologin dashboard \
 && install -d -o 10001 -g 10001 -m 0750 /data
COPY --from=build /app /app
ARG BASE_PATH=""
# HOST: reachable from outside the container. In a pod with a service account token (and no
# --kubeconfig or --in-cluster given) the entry point watches that cluster; anywhere else the
# embedded simulated clusters run (server/containerClusterDefault.ts).
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOST=0.0.0.0 \
    PORT=3000 \
    BASE_PATH=${BASE_PATH} \
    HISTORY_DIR=/data/history \
    SIM_DIR=/data/sim \
    TMPDIR=/tmp
WORKDIR /app
USER 10001:10001
VOLUME ["/data"]
EXPOSE 3000
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/node", "--import", "tsx", "server/containerEntry.ts"]
