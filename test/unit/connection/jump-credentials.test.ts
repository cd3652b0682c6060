// A jump host corectl has no key for: the message names the host it was for, the jump as ssh
// reads it (user@address:port) and the inventory line that gave the ProxyJump, before any packet
// is sent (no key means no connection attempt at all).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';

it("names the host, the jump and the line of a ProxyJump from Ansible's ssh args that has no credentials", () => {
  const home = mkdtempSync(join(tmpdir(), 'corectl-jump-'));
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(home, 'web_key')]);
  const hosts = join(home, 'hosts');
  writeFileSync(hosts, `[web]\nweb1 ansible_host=192.0.2.10 ansible_ssh_private_key_file=${join(home, 'web_key')} ansible_ssh_common_args='-o ProxyJump=jump.example.net'\n`);
  const { status, stderr } = spawnSync(process.execPath, [resolve('bin/corectl.js'), 'exec', '-i', hosts, 'all', '--', 'true'], {
    encoding: 'utf8', env: { ...process.env, HOME: home, SSH_AUTH_SOCK: '' }, timeout: 60_000,
  });
  expect(status).toBe(4);
  expect(stderr).toContain(`web1: no SSH credentials for ${userInfo().username}@jump.example.net:22, a jump host (ProxyJump from ssh args, ${hosts}:2; read as ssh reads it`);
});
