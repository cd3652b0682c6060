// podman.login against containers.podman's podman_login and podman_logout, at a private registry
// the test starts on the hosts' network (test/hosts/registry.ts): logins new and again, other
// credentials, a refused password, a logout; compared by what the auth file holds after.
import { podman } from '../../../../modules/index.ts';
import type { TestRegistry } from '../../../hosts/registry.ts';
import type { LanguageCase } from '../../language/language-case.ts';

const AUTH = '/root/.config/containers/auth.json';
// The entry's user, never the password: what podman stored, and the file's mode.
const probe = `if [ -f ${AUTH} ]; then stat -c %a ${AUTH}; jq -r '.auths | to_entries[] | "\\(.key) \\(.value.auth | @base64d | split(":")[0])"' ${AUTH}; else echo none; fi`;
const CHECK_LOGS_IN = 'in check mode: podman_login 1.10.2 logs in all the same (it runs podman login whatever the mode); corectl only reads the file and says what a run would change';

export function loginCases(registry: TestRegistry, other: { username: string; password: string }): LanguageCase[] {
  const trust = `mkdir -p /etc/containers/certs.d/${registry.address} && printf '%s' '${registry.caCertificate}' > /etc/containers/certs.d/${registry.address}/ca.crt`;
  const fresh = `${trust}; rm -f ${AUTH} /run/containers/0/auth.json`;
  const loggedIn = `${fresh}; printf '%s' '${registry.password.replace(/'/g, "'\\''")}' | podman login -u ${registry.username} --password-stdin --authfile ${AUTH} ${registry.address} >/dev/null`;
  const ansibleLogin = (username: string, password: string) => ({ 'containers.podman.podman_login': { registry: registry.address, username, password, authfile: AUTH } });
  const corectlLogin = (username: string, password: string) => podman.login({ registry: registry.address, username, password, authFile: AUTH });
  const login = (id: string, setup: string, username: string, password: string, extra: Partial<LanguageCase> = {}): LanguageCase => ({
    id: `podman-login-${id}`, source: 'ansible', setup, probe,
    ansible: [{ name: 'login', ...ansibleLogin(username, password), ignore_errors: true }],
    corectl: (play) => { play.task('login', corectlLogin(username, password), { ignoreErrors: true }); },
    ...extra,
  });
  return [
    login('new', fresh, registry.username, registry.password, { deliberate: CHECK_LOGS_IN, deliberateIn: ['check'] }),
    login('again', loggedIn, registry.username, registry.password),
    login('other-user', loggedIn, other.username, other.password, { deliberate: CHECK_LOGS_IN, deliberateIn: ['check'] }),
    login('refused', fresh, registry.username, 'not the password', { modes: ['run'] }),
    login('refused-keeps-entry', loggedIn, registry.username, 'not the password', { modes: ['run'] }),
    {
      id: 'podman-login-logout', source: 'ansible', setup: loggedIn, probe, modes: ['run'],
      ansible: [{ name: 'logout', 'containers.podman.podman_logout': { registry: registry.address, authfile: AUTH } }],
      corectl: (play) => { play.task('logout', podman.login({ registry: registry.address, username: registry.username, authFile: AUTH, state: 'absent' })); },
    },
  ];
}
