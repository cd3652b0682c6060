// podman modules against the real podman 5 on the test hosts: an image loaded from an archive the
// controller sends (no registry here), containers run by systemd from quadlet units that really
// serve, idempotence, and a changed option restarting exactly that one service.
import { statSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { directory, file, podman } from '../../modules/index.ts';
import type { ModuleCall } from '../../src/module-api/define-module.ts';
import { TEST_IMAGE, testImageArchive } from '../hosts/test-image.ts';
import { onHost, runTasks, testCluster } from './helpers.ts';

describe('podman modules', () => {
  const cluster = testCluster();
  // Not the first host: the example site's tests load the same image there (it is the DNS host),
  // and this file must see the image missing whatever order the files run in.
  const node = cluster.hosts[2]!;
  let archive: string;
  beforeAll(async () => {
    archive = await testImageArchive();
  });

  const zone = cluster.hosts.map((h) => `${h.name} IN A ${h.address}`).join('\n') + '\n';
  const webServer = (name: string, port: number, greeting: string): ModuleCall => podman.container({
    name,
    image: TEST_IMAGE,
    exec: ['httpd', '-f', '-p', String(port), '-h', '/srv'],
    ports: [`${port}:${port}`],
    volumes: ['/srv/zone:/srv:ro'],
    environment: { GREETING: greeting },
    labels: { 'io.corectl.site': 'lab' },
    // busybox httpd as PID 1 ignores SIGTERM: an init process makes stopping quick and clean.
    podmanArgs: ['--init'],
  });
  const site = (greetingB: string): [string, ModuleCall][] => [
    ['image', podman.image({ ref: TEST_IMAGE, archive })],
    ['zone directory', directory({ path: '/srv/zone' })],
    ['zone', file({ path: '/srv/zone/site.zone', content: zone })],
    ['network', podman.network({ name: 'dnsnet', subnet: '10.89.10.0/24' })],
    ['volume', podman.volume({ name: 'dnsdata' })],
    ['zone-a', webServer('zone-a', 8081, 'hello')],
    ['zone-b', webServer('zone-b', 8082, greetingB)],
  ];
  const startedAt = async (name: string) => (await onHost(node.name, `podman inspect --format '{{.State.StartedAt}}' ${name}`)).trim();

  it('loads the image, writes the quadlet units and serves the zone; a second run changes nothing', async () => {
    // Check mode knows that a later task for the same image finds it: the first would bring it.
    const checked = await runTasks(node.name, [['image', podman.image({ ref: TEST_IMAGE, archive })], ['same image', podman.image({ ref: TEST_IMAGE })]], { check: true });
    expect(checked.statuses).toEqual(['image: changed', 'same image: ok']);
    const first = await runTasks(node.name, site('hello'));
    expect(first.statuses).toEqual(site('hello').map(([name]) => `${name}: changed`));
    const served = await (await fetch(`http://${node.address}:8081/site.zone`)).text();
    expect(served).toBe(zone);
    expect(await onHost(node.name, 'systemctl is-active zone-a.service zone-b.service')).toBe('active\nactive\n');
    expect(await onHost(node.name, 'podman network exists dnsnet && podman volume exists dnsdata && echo yes')).toBe('yes\n');
    const second = await runTasks(node.name, site('hello'));
    expect(second.statuses).toEqual(site('hello').map(([name]) => `${name}: ok`));
    // The image's id is its typed result data, loaded or already there.
    const id = (await onHost(node.name, `podman image inspect --format '{{.Id}}' ${TEST_IMAGE}`)).trim();
    expect([first, second].map((r) => r.finished.find((e) => e.task === 'image')!.result.data)).toEqual([{ id }, { id }]);
    // The image archive travels only when loaded (lazy stdin); short text (unit files, the zone)
    // goes with its step's one round trip either way.
    expect(first.stats.stdinBytes).toBeGreaterThan(statSync(archive).size);
    expect(second.stats.stdinBytes).toBeLessThan(Math.min(statSync(archive).size, 4096 * site('hello').length));
  });

  it('restarts exactly the container whose option changed; check mode reports it first and touches nothing', async () => {
    const before = { a: await startedAt('zone-a'), b: await startedAt('zone-b') };
    const check = await runTasks(node.name, site('bonjour'), { check: true });
    expect(check.statuses.filter((s) => s.endsWith('changed'))).toEqual(['zone-b: changed']);
    expect(check.finished.find((e) => e.task === 'zone-b')!.result.diff!.unified).toContain('+Environment=GREETING=bonjour');
    expect(await startedAt('zone-b')).toBe(before.b);
    const run = await runTasks(node.name, site('bonjour'));
    expect(run.statuses.filter((s) => s.endsWith('changed'))).toEqual(['zone-b: changed']);
    expect(await startedAt('zone-a')).toBe(before.a);
    expect(await startedAt('zone-b')).not.toBe(before.b);
    expect(await onHost(node.name, 'podman exec zone-b /bin/busybox sh -c \'echo "$GREETING"\'')).toBe('bonjour\n');
  });

  it('keeps a secret off every command line, log and report, and compares it without showing it', async () => {
    const value = `tsig-${Math.random().toString(36).slice(2)}`;
    const run = await runTasks(node.name, [['secret', podman.secret({ name: 'tsig', value })]]);
    expect(run.statuses).toEqual(['secret: changed']);
    expect(JSON.stringify(run.events)).not.toContain(value);
    expect(await onHost(node.name, "podman secret inspect --showsecret --format '{{.SecretData}}' tsig")).toBe(`${value}\n`);
    expect((await runTasks(node.name, [['secret', podman.secret({ name: 'tsig', value })]])).statuses).toEqual(['secret: ok']);
    expect((await runTasks(node.name, [['secret', podman.secret({ name: 'tsig', value: `${value}-rotated` })]])).statuses).toEqual(['secret: changed']);
  });

  it('a container that exits at once is a failure, with its state and log, on every run; never "changed" and fine', async () => {
    const crashing = podman.container({ name: 'crashes', image: TEST_IMAGE, exec: ['sh', '-c', 'echo "no config file" >&2; exit 3'], podmanArgs: ['--init'], settleSeconds: 3 });
    for (const round of [1, 2]) {
      const run = await runTasks(node.name, [['crashes', crashing]]);
      const result = run.finished[0]!.result;
      expect(result.status, `round ${round}`).toBe('failed');
      // Whether the start job itself fails (it exited before it was ready) and where it is then
      // depend on timing (failed, between restarts, even running again); that it did not stay is the point.
      expect(result.message).toMatch(/^crashes\.service did not (stay running within 3 s|start): it is [a-z]+, systemd restarted it \d+ time\(s\); its last log lines:/);
      expect(result.stderr).toContain('no config file');
      // podman's event lines would crowd the container's own words out of the tail.
      expect(result.stderr).not.toMatch(/ m=\+[0-9.]+ container (died|remove|start) /);
    }
    await onHost(node.name, 'systemctl stop crashes.service; rm -f /etc/containers/systemd/crashes.container; systemctl daemon-reload; systemctl reset-failed crashes.service || true');
  });

  it('a container in a restart loop is a failure even when the run finds it up between crashes', async () => {
    // Up for 2 s, then down and started again by systemd: most of the time a run finds it active.
    const flapping = podman.container({ name: 'flaps', image: TEST_IMAGE, exec: ['sh', '-c', 'sleep 2; echo "lost the lease" >&2; exit 3'], podmanArgs: ['--init'], settleSeconds: 4 });
    expect((await runTasks(node.name, [['flaps', flapping]])).finished[0]!.result.status).toBe('failed');
    await onHost(node.name, 'until [ "$(systemctl is-active flaps.service)" = active ]; do sleep 0.1; done');
    const result = (await runTasks(node.name, [['flaps', flapping]])).finished[0]!.result;
    expect(result.status).toBe('failed');
    expect(result.message).toMatch(/^flaps\.service did not stay running within 4 s: it is [a-z]+, systemd restarted it [1-9]\d* time\(s\)/);
    expect(result.stderr).toContain('lost the lease');
    await onHost(node.name, 'systemctl stop flaps.service; rm -f /etc/containers/systemd/flaps.container; systemctl daemon-reload; systemctl reset-failed flaps.service || true');
  });

  it('a container that crashes slower than the settle time is a failure on the next run: systemd\'s restart count moved since', async () => {
    // Up for 6 s, then down and started again by systemd: a run that looks finds it up and settled.
    const slow = podman.container({ name: 'slowcrash', image: TEST_IMAGE, exec: ['sh', '-c', 'sleep 6; echo "out of memory at last" >&2; exit 137'], podmanArgs: ['--init'], settleSeconds: 2 });
    const first = (await runTasks(node.name, [site('')[0]!, ['slowcrash', slow]])).finished[1]!.result;
    expect(first.status, `${first.message}\n${first.stderr}`).toBe('changed');
    // Check mode says so too, and records nothing: the run after it still sees the same restarts.
    await onHost(node.name, 'n=$(systemctl show -p NRestarts --value slowcrash.service); until [ "$(systemctl show -p NRestarts --value slowcrash.service)" -gt "$n" ] && [ "$(systemctl is-active slowcrash.service)" = active ]; do sleep 0.2; done');
    const checked = (await runTasks(node.name, [['slowcrash', slow]], { check: true })).finished[0]!.result;
    expect(checked.status).toBe('failed');
    const result = (await runTasks(node.name, [['slowcrash', slow]])).finished[0]!.result;
    expect(result.status).toBe('failed');
    expect(result.message).toMatch(/^slowcrash\.service kept crashing since the last corectl run \(\d{4}-\d\d-\d\dT[\d:]+Z\): it is [a-z]+, systemd restarted it [1-9]\d* time\(s\); its last log lines:/);
    expect(result.stderr).toContain('out of memory at last');
    await onHost(node.name, 'systemctl stop slowcrash.service; rm -f /etc/containers/systemd/slowcrash.container /var/lib/corectl/restarts/slowcrash; systemctl daemon-reload; systemctl reset-failed slowcrash.service || true');
  });

  it('a container that cannot start at all is a failure with the same report: its state and log', async () => {
    // No such image anywhere: podman run fails before the container is ready, so systemctl start does.
    const missing = podman.container({ name: 'no-image', image: 'localhost:1/corectl/missing:1', podmanArgs: ['--init'] });
    const result = (await runTasks(node.name, [['no-image', missing]])).finished[0]!.result;
    expect(result.status).toBe('failed');
    expect(result.message).toMatch(/^no-image\.service did not start: it is [a-z]+, systemd restarted it \d+ time\(s\); its last log lines:/);
    expect(result.stderr).toContain('localhost:1/corectl/missing:1');
    await onHost(node.name, 'rm -f /etc/containers/systemd/no-image.container; systemctl daemon-reload; systemctl reset-failed no-image.service || true');
  });

  // A pod holds the ports; its containers join it and follow its service.
  const webPod = (port: number): [string, ModuleCall][] => [
    ['image', podman.image({ ref: TEST_IMAGE, archive })],
    ['pod', podman.pod({ name: 'webpod', ports: [`${port}:8085`], volumes: ['/srv/zone:/srv:ro'] })],
    ['httpd', podman.container({ name: 'webpod-httpd', pod: 'webpod', image: TEST_IMAGE, exec: ['httpd', '-f', '-p', '8085', '-h', '/srv'], podmanArgs: ['--init'] })],
  ];

  it('runs a pod and a container in it from quadlet units; a new port restarts the pod and its container', async () => {
    const first = await runTasks(node.name, webPod(8086));
    expect(first.statuses).toEqual(['image: ok', 'pod: changed', 'httpd: changed']);
    expect(await (await fetch(`http://${node.address}:8086/site.zone`)).text()).toBe(zone);
    expect(await onHost(node.name, "podman pod inspect --format '{{.Name}} {{.State}} {{len .Containers}}' webpod")).toBe('webpod Running 2\n');
    expect((await runTasks(node.name, webPod(8086))).statuses).toEqual(['image: ok', 'pod: ok', 'httpd: ok']);
    const check = await runTasks(node.name, webPod(8087), { check: true });
    expect(check.statuses).toEqual(['image: ok', 'pod: changed', 'httpd: ok']);
    expect(check.finished[1]!.result.diff!.unified).toContain('+PublishPort=8087:8085');
    const httpdStarted = (await onHost(node.name, "podman inspect --format '{{.State.StartedAt}}' webpod-httpd")).trim();
    expect((await runTasks(node.name, webPod(8087))).statuses).toEqual(['image: ok', 'pod: changed', 'httpd: ok']);
    expect(await (await fetch(`http://${node.address}:8087/site.zone`)).text()).toBe(zone);
    // quadlet binds the container to the pod's service: it was restarted with it.
    expect((await onHost(node.name, "podman inspect --format '{{.State.StartedAt}}' webpod-httpd")).trim()).not.toBe(httpdStarted);
    expect(await onHost(node.name, 'systemctl is-active webpod-pod.service webpod-httpd.service')).toBe('active\nactive\n');
  });

  const helloYaml = (greeting: string) => ({
    // busybox httpd as PID 1 ignores SIGTERM: podman's init makes `kube down` quick and clean.
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'hello', annotations: { 'io.podman.annotations.init/web': 'true' } },
    spec: {
      containers: [{ name: 'web', image: TEST_IMAGE, args: ['httpd', '-f', '-p', '8088', '-h', '/srv'], env: [{ name: 'GREETING', value: greeting }], ports: [{ containerPort: 8088, hostPort: 8088 }], volumeMounts: [{ name: 'zone', mountPath: '/srv' }] }],
      volumes: [{ name: 'zone', hostPath: { path: '/srv/zone', type: 'Directory' } }],
    },
  });

  it('plays Kubernetes YAML from a quadlet .kube unit; a changed YAML replays it; check mode predicts; stopped stops it', async () => {
    const kube = (greeting: string, state: 'started' | 'stopped' = 'started') => podman.kube({ name: 'hello', manifest: helloYaml(greeting), state });
    const first = await runTasks(node.name, [['kube', kube('hello')]]);
    expect(first.statuses).toEqual(['kube: changed']);
    expect(await (await fetch(`http://${node.address}:8088/site.zone`)).text()).toBe(zone);
    expect(await onHost(node.name, "stat -c '%a %U' /etc/containers/systemd/hello.yaml /etc/containers/systemd/hello.kube")).toBe('600 root\n644 root\n');
    expect((await runTasks(node.name, [['kube', kube('hello')]])).statuses).toEqual(['kube: ok']);
    const check = await runTasks(node.name, [['kube', kube('bonjour')]], { check: true });
    expect(check.statuses).toEqual(['kube: changed']);
    expect(check.finished[0]!.result.diff!.unified).toContain('+          value: bonjour');
    expect(await onHost(node.name, 'podman exec hello-web /bin/busybox sh -c \'echo "$GREETING"\'')).toBe('hello\n');
    expect((await runTasks(node.name, [['kube', kube('bonjour')]])).statuses).toEqual(['kube: changed']);
    expect(await onHost(node.name, 'podman exec hello-web /bin/busybox sh -c \'echo "$GREETING"\'')).toBe('bonjour\n');
    expect((await runTasks(node.name, [['kube', kube('bonjour', 'stopped')]])).statuses).toEqual(['kube: changed']);
    expect(await onHost(node.name, 'systemctl is-active hello.service; podman pod exists hello || echo no-pod')).toMatch(/^(inactive|failed)\nno-pod\n$/);
  });

  it('never shows a YAML that holds a Secret', async () => {
    const token = `token-${Math.random().toString(36).slice(2)}`;
    const secretYaml = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: api\nstringData:\n  token: ${token}\n`;
    const run = await runTasks(node.name, [['secret', podman.kube({ name: 'api-secret', manifest: secretYaml, state: 'stopped', enabled: false })]], { diff: true });
    expect(run.statuses).toEqual(['secret: changed']);
    expect(JSON.stringify(run.events)).not.toContain(token);
    expect(await onHost(node.name, "stat -c '%a' /etc/containers/systemd/api-secret.yaml")).toBe('600\n');
  });

  it('removes what is absent', async () => {
    const run = await runTasks(node.name, [
      ['zone-b stopped', podman.container({ name: 'zone-b', image: TEST_IMAGE, podmanArgs: ['--init'], state: 'stopped' })],
      ['no volume', podman.volume({ name: 'dnsdata', state: 'absent' })],
      ['no secret', podman.secret({ name: 'tsig', state: 'absent' })],
    ]);
    expect(run.statuses).toEqual(['zone-b stopped: changed', 'no volume: changed', 'no secret: changed']);
    // busybox dies of the SIGTERM (exit 143), which systemd records as failed: either way, not running.
    expect(await onHost(node.name, 'systemctl is-active zone-b.service; podman volume exists dnsdata || echo gone')).toMatch(/^(inactive|failed)\ngone\n$/);
    expect(await onHost(node.name, 'podman container exists zone-b || echo no-container')).toBe('no-container\n');
  });

  it('prunes what nothing uses; check mode lists it and removes nothing; a second run has nothing to do', async () => {
    const leftovers = `podman rm -f pr-exited >/dev/null 2>&1; podman run --name pr-exited ${TEST_IMAGE} true >/dev/null 2>&1; podman commit -q pr-exited; podman network create pr-net >/dev/null; podman volume create pr-vol >/dev/null`;
    const dangling = (await onHost(node.name, leftovers)).trim().replace(/^sha256:/, '').slice(0, 12);
    const state = "podman ps -a --format '{{.Names}}' | grep -c pr-exited; podman images -q | grep -c " + dangling + "; podman network exists pr-net && echo net; podman volume exists pr-vol && echo vol";
    const before = await onHost(node.name, state);
    expect(before).toBe('1\n1\nnet\nvol\n');
    const prune = podman.prune({ containers: true, images: true, networks: true, volumes: true });
    const check = await runTasks(node.name, [['prune', prune]], { check: true });
    expect(check.statuses).toEqual(['prune: changed']);
    // Earlier tests here left a network unused too (dnsnet): it goes with pr-net.
    expect(check.finished[0]!.result.message).toMatch(new RegExp(`^containers: [0-9a-f]{12}; images: ${dangling}; networks: (\\S+ )*pr-net( \\S+)*; volumes: pr-vol$`));
    expect(await onHost(node.name, state)).toBe(before);
    const run = await runTasks(node.name, [['prune', prune]]);
    expect(run.statuses).toEqual(['prune: changed']);
    expect(run.finished[0]!.result.message).toBe(check.finished[0]!.result.message);
    expect(await onHost(node.name, `${state} || true`)).toBe('0\n0\n');
    expect((await runTasks(node.name, [['prune', prune]])).statuses).toEqual(['prune: ok']);
    // What runs keeps its image and its network.
    expect(await onHost(node.name, `podman image exists ${TEST_IMAGE} && systemctl is-active zone-a.service`)).toBe('active\n');
  });
  it('builds an image from a quadlet .build unit; a changed Containerfile builds again; check mode predicts; a pruned image is built again', async () => {
    const build = (flavour: string) => podman.build({ name: 'site-web', tag: 'localhost/site/web:1', containerfile: `FROM ${TEST_IMAGE}\nLABEL flavour=${flavour}\n` });
    const label = () => onHost(node.name, "podman image inspect --format '{{index .Labels \"flavour\"}}' localhost/site/web:1");
    expect((await runTasks(node.name, [['build', build('plain')]])).statuses).toEqual(['build: changed']);
    expect(await label()).toBe('plain\n');
    expect((await runTasks(node.name, [['build', build('plain')]])).statuses).toEqual(['build: ok']);
    const check = await runTasks(node.name, [['build', build('spicy')]], { check: true });
    expect(check.statuses).toEqual(['build: changed']);
    expect(check.finished[0]!.result.diff!.unified).toContain('+LABEL flavour=spicy');
    expect(await label()).toBe('plain\n');
    expect((await runTasks(node.name, [['build', build('spicy')]])).statuses).toEqual(['build: changed']);
    expect(await label()).toBe('spicy\n');
    await onHost(node.name, 'podman rmi localhost/site/web:1 >/dev/null');
    const again = await runTasks(node.name, [['build', build('spicy')]]);
    expect(again.statuses).toEqual(['build: changed']);
    expect(again.finished[0]!.result.message).toContain('image missing: restarting');
    expect(await label()).toBe('spicy\n');
  });
});
