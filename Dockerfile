# Confab server image: multi-stage, runs as the unprivileged `node` user, data in /data.
#   docker build -t confab .
#   docker run -p 8080:8080 -v confab-data:/data -e CONFAB_ADMIN_TOKEN=… confab
# See docs/deploy.md (TLS through a reverse proxy, compose.yaml with PostgreSQL, Redis and two nodes).

# --- build: native modules (better-sqlite3) and the web client need the full toolchain ---
FROM node:20-bookworm AS build
WORKDIR /app
COPY . .
# npm ci also builds the web client (postinstall: vite build into apps/web/dist).
RUN npm ci --no-audit --no-fund \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf apps/web/node_modules/.vite /root/.npm

# --- runtime: slim image, no compiler, not root ---
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    CONFAB_HOST=0.0.0.0 \
    CONFAB_PORT=8080 \
    CONFAB_DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=node:node /app /app
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.CONFAB_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM (docker stop) shuts the server down cleanly: sessions closed, store flushed.
CMD ["node", "--conditions=@confab/source", "--import", "tsx", "packages/server/src/main.ts"]
