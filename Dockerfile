# The cabinet's image: one image, two processes (web: node … dist/src/main.js, worker: node … dist/src/worker.js).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx nest build && touch dist/.build-stamp && npm prune --omit=dev

FROM node:20-bookworm-slim
# Chromium renders the PDFs; fonts with Cyrillic for the documents.
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-dejavu-core ca-certificates \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production CHROMIUM_PATH=/usr/bin/chromium PORT=3000
# The malloc setting of scripts/node-flags.js, for both processes; its V8 flags are on each command line
# (--heap-growing-percent is not allowed in NODE_OPTIONS): here and in docker-compose.yml.
ENV MALLOC_MMAP_THRESHOLD_=131072
WORKDIR /app
COPY --from=build /app /app
USER node
EXPOSE 3000
CMD ["node", "--max-semi-space-size=16", "--heap-growing-percent=30", "dist/src/main.js"]
