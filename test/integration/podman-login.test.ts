// podman.login against a private registry on the test network (Debian's docker-registry, TLS from
// its own CA, htpasswd logins): the login is what lets a host pull an image pushed there; a second
// run changes nothing; check mode reads only the file; a wrong password fails with the registry's
// word; the password never shows; state absent logs out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directory, file, podman } from '../../modules/index.ts';
import { startRegistry, type TestRegistry } from '../hosts/registry.ts';
import { TEST_IMAGE, testImageArchive } from '../hosts/test-image.ts';
import { onHost, runTasks, testCluster } from './helpers.ts';

describe('podman.login', () => {
  const cluster = testCluster();
  const node = cluster.hosts[1]!;
  const authFile = '/root/.config/containers/auth.json';
  let registry: TestRegistry;
  let image: string;

  beforeAll(async () => {
    registry = await startRegistry(cluster.gateway);
    image = `${registry.address}/fleet/busybox:1`;
    // The host trusts the registry's CA, as a site would with a file task.
    const trusted = await runTasks(node.name, [
      ['certs.d', directory({ path: `/etc/containers/certs.d/${registry.address}` })],
      ['registry CA', file({ path: `/etc/containers/certs.d/${registry.address}/ca.crt`, content: registry.caCertificate })],
    ]);
    expect(trusted.statuses).toEqual(['certs.d: changed', 'registry CA: changed']);
    await onHost(node.name, `rm -f ${authFile} /run/containers/0/auth.json; podman rmi -f ${image} >/dev/null 2>&1; true`);
  }, 120_000);
  afterAll(async () => {
    await registry?.stop();
  });

  const login = (password: string, extra: Record<string, unknown> = {}) => podman.login({ registry: registry.address, username: registry.username, password, authFile, ...extra });

  it('check mode reads only the file; the run logs in, the auth file is private; again it is ok', async () => {
    const check = await runTasks(node.name, [['login', login(registry.password)]], { check: true });
    expect(check.finished[0]!.result).toMatchObject({ status: 'changed', message: `not logged in to ${registry.address}` });
    expect(await onHost(node.name, `test -e ${authFile} && echo there || echo absent`)).toBe('absent\n');
    const run = await runTasks(node.name, [['login', login(registry.password)]]);
    expect(run.finished[0]!.result).toMatchObject({ status: 'changed', message: `logged in to ${registry.address} as fleet` });
    expect(await onHost(node.name, `stat -c %a ${authFile}`)).toBe('600\n');
    const again = await runTasks(node.name, [['login', login(registry.password)]]);
    expect(again.statuses).toEqual(['login: ok']);
    const checkAgain = await runTasks(node.name, [['login', login(registry.password)]], { check: true });
    expect(checkAgain.statuses).toEqual(['login: ok']);
    for (const r of [check, run, again]) expect(JSON.stringify(r.events)).not.toContain(registry.password);
  });

  it('lets the host push to and pull from the registry with those credentials', async () => {
    const loaded = await runTasks(node.name, [['image', podman.image({ ref: TEST_IMAGE, archive: await testImageArchive() })]]);
    expect(loaded.statuses[0]).toMatch(/^image: (changed|ok)$/);
    expect(await onHost(node.name, `podman tag ${TEST_IMAGE} ${image} && podman push -q --authfile ${authFile} ${image} 2>&1 && podman rmi ${image} >/dev/null 2>&1 && echo pushed`)).toBe('pushed\n');
    const pulled = await runTasks(node.name, [['pull', podman.image({ ref: image })]]);
    // podman.image pulls with podman's own auth lookup: root's ~/.config/containers/auth.json is in it.
    expect(pulled.statuses).toEqual(['pull: changed']);
  });

  it('a password the registry refuses fails the task with its answer, never with the password, and leaves the file', async () => {
    const before = await onHost(node.name, `b2sum ${authFile}`);
    const wrong = 'not the password: hunter2';
    const run = await runTasks(node.name, [['login', login(wrong)]]);
    expect(run.statuses[0]).toMatch(/^login: failed \(.*(unauthorized|invalid username\/password).*\)$/i);
    expect(JSON.stringify(run.events)).not.toContain('hunter2');
    expect(await onHost(node.name, `b2sum ${authFile}`)).toBe(before);
  });

  it('state absent logs out, once', async () => {
    const out = await runTasks(node.name, [['logout', podman.login({ registry: registry.address, username: registry.username, authFile, state: 'absent' })]]);
    expect(out.finished[0]!.result).toMatchObject({ status: 'changed', message: `logged out of ${registry.address}` });
    expect(await onHost(node.name, `jq -r '.auths | keys | length' ${authFile}`)).toBe('0\n');
    const again = await runTasks(node.name, [['logout', podman.login({ registry: registry.address, username: registry.username, authFile, state: 'absent' })]]);
    expect(again.statuses).toEqual(['logout: ok']);
  });
});
