// podman.build against containers.podman's podman_image with `build`: the same Containerfile (FROM
// the test image, a label), compared by the image left under the tag and its label. Ansible builds
// from a Containerfile on the host; corectl's podman.build sends its own. Both write it to /root
// first, so the task lists match one for one.
import { file, podman } from '../../../../modules/index.ts';
import type { LanguageCase } from '../../language/language-case.ts';
import { TEST_IMAGE } from '../../../hosts/test-image.ts';

const TAG = 'localhost/site/web:1';
const setup = [
  'systemctl stop site-web-build.service 2>/dev/null; rm -f /etc/containers/systemd/site-web.build /etc/containers/systemd/site-web.Containerfile',
  'systemctl daemon-reload; systemctl reset-failed; rm -rf /var/lib/corectl/build/site-web /var/lib/corectl/restarts/site-web-build',
  `podman rmi -f ${TAG} >/dev/null 2>&1; rm -f /root/web.Containerfile; mkdir -p /srv/webctx`,
].join('; ');
const probe = `podman image inspect --format '{{index .Labels "flavour"}}' ${TAG} 2>/dev/null || echo 'no image'`;
const containerfile = (flavour: string) => `FROM ${TEST_IMAGE}\nLABEL flavour=${flavour}\n`;

const ansibleBuild = (flavour: string, name = 'build') => [
  { name: `containerfile ${flavour}`, 'ansible.builtin.copy': { dest: '/root/web.Containerfile', content: containerfile(flavour) } },
  { name, 'containers.podman.podman_image': { name: 'localhost/site/web', tag: '1', path: '/srv/webctx', build: { file: '/root/web.Containerfile' }, state: 'present' } },
];
const corectlBuild = (flavour: string, name = 'build') => ({
  tasks: [
    [`containerfile ${flavour}`, file({ path: '/root/web.Containerfile', content: containerfile(flavour) })],
    [name, podman.build({ name: 'site-web', tag: TAG, containerfile: containerfile(flavour), context: '/srv/webctx' })],
  ] as const,
});

export const buildCases: LanguageCase[] = [
  {
    id: 'podman-build-new', source: 'ansible', setup, probe,
    ansible: ansibleBuild('plain'),
    corectl: (play) => { for (const [name, call] of corectlBuild('plain').tasks) play.task(name, call); },
  },
  {
    id: 'podman-build-again', source: 'ansible', setup, probe,
    ansible: [...ansibleBuild('plain'), ansibleBuild('plain', 'build again')[1]!],
    corectl: (play) => { for (const [name, call] of [...corectlBuild('plain').tasks, corectlBuild('plain', 'build again').tasks[1]]) play.task(name, call); },
  },
  {
    id: 'podman-build-changed-containerfile', source: 'edge', setup, probe, modes: ['run'],
    ansible: [...ansibleBuild('plain'), ...ansibleBuild('spicy')],
    corectl: (play) => { for (const [name, call] of [...corectlBuild('plain').tasks, ...corectlBuild('spicy').tasks]) play.task(name, call); },
    deliberate: "a changed Containerfile: podman_image keeps the image the tag has (it builds again only with force, which builds on every run); corectl builds again, as quadlet's .build does",
  },
];
