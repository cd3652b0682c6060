# corectl in a container: for the nightly drift check (Kubernetes CronJob, CI) and for laptops
# without Node. Playbooks and inventory are mounted at /work; SSH keys and known_hosts read-only.
#
#   docker build -t corectl .
#   docker run --rm --user "$(id -u)" -v "$PWD:/work:ro" -v "$HOME/.ssh:/home/corectl/.ssh:ro" \
#     corectl check playbooks/site.ts
#
# --user: the key is readable by its owner only, so corectl runs as that uid (README "In a
# container" has the other way, a key made readable for the image's user 10001, as Kubernetes does).
#
# BASE is any Debian-like image with Node.js >= 20.19 at /usr/local/bin/node (and npm for the
# build stage). BUILD_BASE, the build stage's own base, defaults to BASE: give it one that trusts a
# TLS-intercepting proxy, say, and nothing of that reaches the final image, which is FROM BASE.
ARG BASE=node:22-bookworm-slim
ARG BUILD_BASE=${BASE}

# Stage 1 installs the production dependencies and builds the engine into dist/ (the image's
# user cannot write /opt/corectl, so it is built here, not on first run).
FROM ${BUILD_BASE} AS build
WORKDIR /opt/corectl
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund
# What production never loads: TypeScript's command-line compiler, language server and translated
# messages (corectl type-checks through its API, in-process), and source maps. README "In a
# container" says why each large dependency that stays is there.
RUN cd node_modules/typescript \
 && rm -rf bin lib/_tsc.js lib/tsc.js lib/_tsserver.js lib/tsserver.js lib/tsserverlibrary.* \
      lib/_typingsInstaller.js lib/typingsInstaller.js lib/watchGuard.js lib/typesMap.json \
      lib/cs lib/de lib/es lib/fr lib/it lib/ja lib/ko lib/pl lib/pt-br lib/ru lib/tr lib/zh-cn lib/zh-tw \
 && find /opt/corectl/node_modules -name '*.map' -delete
COPY tsconfig.json ./
COPY bin ./bin
COPY src ./src
COPY modules ./modules
# The post-quantum key exchange ssh2 lacks (npm ci ran without scripts): README "Post-quantum key exchange".
RUN node bin/patch-ssh2.js && node bin/engine-build.js

FROM ${BASE}
COPY --from=build /opt/corectl /opt/corectl
# `import ... from 'corectl'` in a playbook under /work resolves through /node_modules, and
# /package.json makes playbooks ES modules even when the site repository has no package.json.
# The compile cache is open to any uid (sticky, like /tmp): `docker run --user "$(id -u)"`, which
# lets corectl read the operator's own key, keeps the cache too. Mount a volume there to keep it
# between runs.
RUN ln -s /opt/corectl/bin/corectl.js /usr/local/bin/corectl \
 && mkdir /node_modules && ln -s /opt/corectl /node_modules/corectl \
 && echo '{"type": "module"}' > /package.json \
 && useradd --create-home --uid 10001 corectl && chmod 0755 /home/corectl \
 && install -d -m 1777 /var/cache/corectl
USER corectl
WORKDIR /work
# HOME is set here so that it stays /home/corectl under `--user`, which would otherwise make it /.
ENV CORECTL_INVENTORY=/work/inventory CI=true XDG_CACHE_HOME=/var/cache HOME=/home/corectl
ENTRYPOINT ["corectl"]
CMD ["--help"]
