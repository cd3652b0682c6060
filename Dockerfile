# corectl in a container: for the nightly drift check (Kubernetes CronJob, CI) and for laptops
# without Node. Playbooks and inventory are mounted at /work; SSH keys and known_hosts read-only.
#
#   docker build -t corectl .
#   docker run --rm -v "$PWD:/work" -v "$HOME/.ssh:/home/corectl/.ssh:ro" corectl check playbooks/site.ts
#
# Stage 1 installs the production dependencies and builds the engine into dist/ (the image's
# user cannot write /opt/corectl, so it is built here, not on first run).
FROM node:22-bookworm-slim AS build
WORKDIR /opt/corectl
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY bin ./bin
COPY src ./src
COPY modules ./modules
RUN node bin/engine-build.js

FROM node:22-bookworm-slim
COPY --from=build /opt/corectl /opt/corectl
# `import ... from 'corectl'` in a playbook under /work resolves through /node_modules, and
# /package.json makes playbooks ES modules even when the site repository has no package.json.
RUN ln -s /opt/corectl/bin/corectl.js /usr/local/bin/corectl \
 && mkdir /node_modules && ln -s /opt/corectl /node_modules/corectl \
 && echo '{"type": "module"}' > /package.json \
 && useradd --create-home --uid 10001 corectl
USER corectl
WORKDIR /work
ENV CORECTL_INVENTORY=/work/inventory CI=true
ENTRYPOINT ["corectl"]
CMD ["--help"]
