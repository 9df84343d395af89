# Parley API + dashboard in one image. Build: docker build -t parley .
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Not `npm ci`: see shared/STACK.md (the lockfile cannot list every platform's optional binaries).
RUN npm install --no-audit --no-fund
COPY . .
ENV NX_NO_CLOUD=true NX_DAEMON=false NX_TUI=false NG_CLI_ANALYTICS=false
RUN npx nx run-many -t build --projects=api,admin --parallel=2 --outputStyle=static \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production PORT=3000 DATA_DIR=/data
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
VOLUME /data
EXPOSE 3000 2525
USER node
# No demo here (its logins are public): on an empty database the server prints a one-time link to create
# the first admin, or run `docker compose exec api node dist/apps/api/main.js create-admin --email …`.
CMD ["node", "--enable-source-maps", "dist/apps/api/main.js", "serve"]
