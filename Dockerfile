# syntax=docker/dockerfile:1
# Plexus gateway image. Stages:
#   build    all dependencies, then `npm run build` (the script CI's tests run) writes dist/
#   demo     the demo services of demo/ (TypeScript, run by tsx), for docker-compose.yml
#   runtime  (the default target) production dependencies, dist/ and a project to serve
# Build: docker build -t plexus .     Demo services: docker build --target demo -t plexus-demo .

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY src ./src
# The one build script: test/deploy/image.test.ts runs the same `npm run build` over the files copied above.
RUN npm run build

FROM build AS demo
COPY demo ./demo
COPY sources ./sources
COPY schemas ./schemas
ENV NODE_ENV=production DEMO_HOST=0.0.0.0
# tsx keeps its compile cache in /tmp; uid 1000 is the base image's `node` user.
USER 1000:1000
EXPOSE 4101 4102 4103 4104
STOPSIGNAL SIGTERM
CMD ["node", "bin/run-ts.js", "demo/main.ts"]

FROM ${NODE_IMAGE} AS runtime
# A young generation large enough for a request's data to die young: about a quarter less CPU
# per fan-out request for about 90 MB more RSS (bench/README.md). Override NODE_OPTIONS to change it.
ENV NODE_ENV=production NODE_OPTIONS=--max-semi-space-size=32
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin/plexus.js ./bin/plexus.js
# The project served by default: the demo's sources/ and schemas/. Replace them with a bind mount
# (compose) or a ConfigMap (Kubernetes), or pass --sources/--schemas (and --config) to another folder.
COPY sources ./sources
COPY schemas ./schemas
# Files stay root-owned and read-only to the process: the gateway writes nothing but logs to stdout.
USER 1000:1000
EXPOSE 4000
# The gateway drains in-flight requests on SIGTERM for `shutdown.grace` (default 10s), then exits 0.
# The orchestrator's grace period (docker stop -t, Kubernetes terminationGracePeriodSeconds) must be
# longer than shutdown.grace, or the process is killed mid-drain.
STOPSIGNAL SIGTERM
# No curl in the image: Node asks /healthz on the port the gateway listens on (PORT, default 4000).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/main.js", "start"]
