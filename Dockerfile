# Tramite in one image. The same image runs each process of a deploy:
#   web       (default)  npm run start:web      — next start on the build made below
#   worker               npm run start:worker   — pg-boss consumers; run as many as the load needs
#   realtime             npm run start:realtime — the embedded Pusher-compatible server, when not using hosted Pusher
#   one-off tasks        npm run db:migrate | preflight | smoke
# See docs/deploy.md. Give the worker a stop timeout above its 20 s drain
# (docker run --stop-timeout 30, compose stop_grace_period: 30s).
# No `# syntax=` line: BuildKit would pull its frontend image from a registry,
# which a closed network does not have; nothing here needs more than the
# builder's own. NODE_IMAGE may name a local base image (docs/deploy.md).

ARG NODE_IMAGE=node:24-bookworm-slim

# 1. Every dependency, for the build (Next compiles TypeScript with dev tools).
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# 2. The production build of the web app.
FROM deps AS builder
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1
RUN npm run build

# 3. Runtime dependencies only (tsx stays: the worker and the scripts run TypeScript directly).
FROM ${NODE_IMAGE} AS runtime-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# 4. What runs: the sources the worker and scripts import, the build, and runtime dependencies; not root.
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    DATA_DIR=/app/.data
COPY --from=runtime-deps --chown=node:node /app/node_modules ./node_modules
COPY --chown=node:node package.json package-lock.json tsconfig.json next.config.ts instrumentation.ts proxy.ts postcss.config.mjs drizzle.config.ts ./
COPY --chown=node:node app ./app
COPY --chown=node:node server ./server
COPY --chown=node:node scripts ./scripts
COPY --chown=node:node client ./client
COPY --chown=node:node i18n ./i18n
COPY --chown=node:node messages ./messages
COPY --chown=node:node drizzle ./drizzle
COPY --from=builder --chown=node:node /app/.next ./.next
# Local file storage when S3 is not configured: mount a volume here, shared by web and workers.
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 3000
CMD ["node_modules/.bin/tsx", "--import", "./scripts/outsideNext.mjs", "scripts/startWeb.ts"]
