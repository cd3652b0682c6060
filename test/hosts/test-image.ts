// A container image for tests and the sandbox, made without a registry: busybox (static, from the
// test hosts' root filesystem) in one layer, written as a docker-archive that `podman load`
// reads. Cached next to the root filesystem it comes from.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CACHE_DIR, RECIPE_HASH, ensureRootfs } from './rootfs.ts';
import { run } from './run-command.ts';

export const TEST_IMAGE = 'localhost/corectl-test/busybox:1';

/** Path of the archive holding TEST_IMAGE (entrypoint /bin/busybox), built on first use. */
export async function testImageArchive(): Promise<string> {
  const archive = join(CACHE_DIR, `busybox-image-${RECIPE_HASH}.tar`);
  if (existsSync(archive)) return archive;
  const rootfs = await ensureRootfs();
  const work = await mkdtemp(join(tmpdir(), 'corectl-image-'));
  try {
    const layerDir = join(work, 'layer');
    await mkdir(join(layerDir, 'bin'), { recursive: true });
    await mkdir(join(layerDir, 'srv'));
    await mkdir(join(layerDir, 'tmp'));
    await copyFile(join(rootfs, 'bin/busybox'), join(layerDir, 'bin/busybox'));
    await run('chmod', ['0755', join(layerDir, 'bin/busybox')]);
    const out = join(work, 'out');
    await mkdir(out);
    const layerTar = join(out, 'layer.tar');
    await run('tar', ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', '--mtime=@0', '-C', layerDir, '-cf', layerTar, '.']);
    const layerDigest = sha256(await readFile(layerTar));
    const config = JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { Entrypoint: ['/bin/busybox'], Cmd: ['sh'], WorkingDir: '/' },
      rootfs: { type: 'layers', diff_ids: [`sha256:${layerDigest}`] },
      history: [{ created_by: 'corectl test harness: busybox-static' }],
    });
    const configName = `${sha256(Buffer.from(config))}.json`;
    await writeFile(join(out, configName), config);
    await writeFile(join(out, 'manifest.json'), JSON.stringify([{ Config: configName, RepoTags: [TEST_IMAGE], Layers: ['layer.tar'] }]));
    const building = `${archive}.building-${process.pid}`;
    await run('tar', ['-C', out, '-cf', building, 'manifest.json', configName, 'layer.tar']);
    await rename(building, archive);
    return archive;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
