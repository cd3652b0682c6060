// podman.pod and podman.kube against containers.podman's podman_pod, podman_container and
// podman_play (the collection Debian's ansible ships). Ansible makes pods with podman directly;
// corectl writes quadlet units that systemd runs: what is compared is what runs (pods, their
// containers, their ports, and the answer on the published port) and each task's result.
import { file, podman } from '../../../../modules/index.ts';
import type { LanguageCase } from '../../language/language-case.ts';
import { TEST_IMAGE } from '../../../hosts/test-image.ts';

const UNITS = '/etc/containers/systemd';
const NAMES = ['web', 'hello'];
// What either tool made goes: quadlet units and their services, then every pod and container.
const setup = [
  `systemctl stop ${NAMES.map((n) => `${n}-pod.service ${n}-httpd.service ${n}.service`).join(' ')} 2>/dev/null`,
  `rm -f ${NAMES.map((n) => `${UNITS}/${n}.pod ${UNITS}/${n}-httpd.container ${UNITS}/${n}.kube ${UNITS}/${n}.yaml`).join(' ')} /root/hello.yaml`,
  'rm -rf /var/lib/corectl/restarts',
  'systemctl daemon-reload; systemctl reset-failed',
  'podman pod rm -fa >/dev/null; podman rm -fa >/dev/null',
  'mkdir -p /srv/www && echo "served" > /srv/www/index.html',
].join('; ');
// Running pods, their containers other than the infra one, their ports, and what the port serves.
const probe = [
  "podman pod ps --filter status=running --format '{{.Name}} {{.Status}}' --sort name",
  "podman ps --format '{{if and .Pod (not .IsInfra)}}{{.Names}} {{.State}} {{.Ports}} {{.PodName}}{{end}}' --sort names | grep -v '^$'",
  'for port in 8090 8091; do printf "%s " $port; curl -s --max-time 5 http://127.0.0.1:$port/index.html || echo none; done',
].join('; ');

const httpd = (port: number) => ['httpd', '-f', '-p', String(port), '-h', '/srv/www'];

// Ansible's podman_pod and podman_container, and corectl's pod and a container in it.
const ansiblePod = (name: string, publish: string[]) => ({ name: `pod ${publish.join(',') || 'no ports'}`, 'containers.podman.podman_pod': { name, state: 'started', publish, volume: ['/srv/www:/srv/www:ro'] } });
const corectlPod = (name: string, ports: string[]) => podman.pod({ name, ports, volumes: ['/srv/www:/srv/www:ro'] });
const ansibleHttpd = (taskName: string) => ({ name: taskName, 'containers.podman.podman_container': { name: 'web-httpd', pod: 'web', image: TEST_IMAGE, command: httpd(8090), init: true, state: 'started' } });
const corectlHttpd = () => podman.container({ name: 'web-httpd', pod: 'web', image: TEST_IMAGE, exec: httpd(8090), podmanArgs: ['--init'] });

const kubeYaml = (greeting: string) => `apiVersion: v1
kind: Pod
metadata:
  name: hello
  annotations:
    io.podman.annotations.init/web: "true"
spec:
  containers:
    - name: web
      image: ${TEST_IMAGE}
      args: ["httpd", "-f", "-p", "8091", "-h", "/srv/www"]
      env:
        - name: GREETING
          value: ${greeting}
      ports:
        - containerPort: 8091
          hostPort: 8091
      volumeMounts:
        - name: www
          mountPath: /srv/www
  volumes:
    - name: www
      hostPath:
        path: /srv/www
        type: Directory
`;
// Ansible plays a YAML already on the host; corectl's podman.kube sends its own. Both write it to
// /root first, so the task lists match one for one.
const ansibleKube = (greeting: string, taskName = 'play') => [
  { name: `yaml ${greeting}`, 'ansible.builtin.copy': { dest: '/root/hello.yaml', content: kubeYaml(greeting), mode: '0600' } },
  { name: taskName, 'containers.podman.podman_play': { kube_file: '/root/hello.yaml', state: 'started' } },
];
const corectlKube = (greeting: string): [string, ReturnType<typeof podman.kube> | ReturnType<typeof file>][] => [
  [`yaml ${greeting}`, file({ path: '/root/hello.yaml', content: kubeYaml(greeting), mode: '0600' })],
  ['play', podman.kube({ name: 'hello', manifest: kubeYaml(greeting) })],
];
const PLAY_ACTS_IN_CHECK = "podman_play runs `podman kube play` in check mode too (it creates the pod); corectl's check changes nothing";

// Debian 12's containers.podman (1.10.2) reads `podman pod inspect` as podman 4 printed it, an
// object; podman 5 prints a list, and podman_pod then fails on any pod that exists (a Python
// UnboundLocalError in diffparam_cgroup_parent), and it has no check mode. So its cases are first
// runs, compared in a real run; corectl's second runs and check mode are tested on their own
// (test/integration/podman.test.ts).
export const podmanCases: LanguageCase[] = [
  {
    id: 'podman-pod-ports', source: 'ansible', setup, probe, modes: ['run'],
    ansible: [ansiblePod('web', ['8090:8090'])],
    corectl: (play) => { play.task('pod 8090:8090', corectlPod('web', ['8090:8090'])); },
  },
  {
    id: 'podman-pod-no-ports', source: 'ansible', setup, probe, modes: ['run'],
    ansible: [ansiblePod('web', [])],
    corectl: (play) => { play.task('pod no ports', corectlPod('web', [])); },
  },
  {
    id: 'podman-pod-with-container', source: 'ansible', setup, probe, modes: ['run'],
    ansible: [ansiblePod('web', ['8090:8090']), ansibleHttpd('httpd')],
    corectl: (play) => { play.task('pod 8090:8090', corectlPod('web', ['8090:8090'])); play.task('httpd', corectlHttpd()); },
  },
  {
    id: 'podman-kube-play-again', source: 'ansible', setup, probe, modes: ['run'],
    ansible: [...ansibleKube('hello'), ...ansibleKube('hello', 'play again').slice(1)],
    corectl: (play) => { for (const [name, call] of [...corectlKube('hello'), ['play again', corectlKube('hello')[1]![1]] as const]) play.task(name, call); },
  },
  {
    id: 'podman-kube-changed-yaml', source: 'edge', setup, probe, modes: ['run'],
    ansible: [...ansibleKube('hello'), ...ansibleKube('bonjour')],
    corectl: (play) => { for (const [name, call] of [...corectlKube('hello'), ...corectlKube('bonjour')]) play.task(name, call); },
    deliberate: 'a changed YAML: podman_play leaves the pod it played before (without recreate, which replays on every run); corectl replays it, as quadlet does',
  },
];

/** Why the cases compare real runs only. */
export const PODMAN_NOTES = [
  'podman_pod cases are first runs: Debian 12\'s containers.podman 1.10.2 fails on any pod that exists under podman 5 (its pod inspect is a list now), and has no check mode',
  `kube cases run only: ${PLAY_ACTS_IN_CHECK}`,
];
