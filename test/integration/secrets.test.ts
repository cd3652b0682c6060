// A run that uses secrets, watched through every channel a value could leak by: the terminal
// (stdout, stderr, verbose output, diffs), the JSON and JUnit reports, the drift webhook, and the
// hosts' process lists while the tasks run. Every secret value is random for this run.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corectl, onHost, testCluster } from './helpers.ts';

const PLAYBOOK = 'test/fixtures/playbooks/secrets-everywhere.ts';

describe('secrets in a run', () => {
  const cluster = testCluster();
  const nodes = cluster.hosts.map((h) => h.name);
  const dir = mkdtempSync(join(tmpdir(), 'corectl-secrets-run-'));
  const secret = () => `S${randomBytes(9).toString('base64url')}`;
  const values = { password: secret(), token: secret(), block: `${secret()}\n${secret()}` };
  const allValues = [values.password, values.token, ...values.block.split('\n')];
  const control = `corectl-ps-control-${randomBytes(4).toString('hex')}`;
  let env: Record<string, string>;

  afterAll(async () => {
    await Promise.all(nodes.map((node) => onHost(node, 'touch /run/corectl-ps-stop; rm -rf /etc/corectl-secrets-test /tmp/corectl-secrets-test')));
  });

  it('encrypts the values for the run', async () => {
    const identity = join(dir, 'identity.txt');
    const recipient = (await corectl(['secrets', 'keygen', '-o', identity])).stdout.trim();
    const file = join(dir, 'secrets.yaml');
    writeFileSync(file, `password: ${values.password}\ntoken: ${values.token}\nblock: |\n  ${values.block.replace('\n', '\n  ')}\n`);
    expect((await corectl(['secrets', 'encrypt', file, '-r', recipient])).code).toBe(0);
    env = { CORECTL_SECRETS_IDENTITY: identity, CORECTL_TEST_SECRETS_FILE: file };
  });

  it('shows no secret on any output channel or in any process list, and still delivers them', async () => {
    // Each host samples every process's arguments while the run goes on; the patterns arrive on
    // stdin into a root-only file, so the watcher's own arguments hold none of them. The control
    // value is shown in a process's arguments on purpose: it proves the watcher sees them.
    await Promise.all(nodes.map((node) => onHost(node, `rm -f /run/corectl-ps-stop /run/corectl-ps-hits; umask 077; cat > /run/corectl-ps-patterns <<'EOF'\n${[...allValues, control].join('\n')}\nEOF
systemd-run --quiet --collect --unit=corectl-ps-watch sh -c 'while [ ! -e /run/corectl-ps-stop ]; do cat /proc/[0-9]*/cmdline 2>/dev/null | tr "\\0" "\\n" | grep -F -f /run/corectl-ps-patterns >> /run/corectl-ps-hits; done'
sleep 0.2; sh -c 'sleep 0.5; :' ${control}`)));
    const reports = ['--report', `json=${join(dir, 'run.json')}`, '--report', `junit=${join(dir, 'run.xml')}`];
    const run = await corectl(['run', PLAYBOOK, '-i', cluster.inventory, '--no-typecheck', '--plain', '--diff', '--verbose', ...reports], env);
    await Promise.all(nodes.map((node) => onHost(node, 'touch /run/corectl-ps-stop')));
    // --verbose names each connection's key exchange on stderr; nothing else goes there.
    expect(run.stderr.split('\n').filter((line) => line !== '' && !/^test-\S+: key exchange mlkem768x25519-sha256$/.test(line))).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('(diff hidden: sensitive task)');
    expect(run.stdout).toMatch(/failed \(details hidden: sensitive task\)/);
    expect(run.stdout).toContain('PASSWORD=********');
    expect(run.stdout).toContain('token=********');

    const hits = await Promise.all(nodes.map((node) => onHost(node, 'sleep 0.3; cat /run/corectl-ps-hits')));
    for (const text of hits) expect(text).toContain(control);
    const channels = { stdout: run.stdout, json: readFileSync(join(dir, 'run.json'), 'utf8'), junit: readFileSync(join(dir, 'run.xml'), 'utf8'), ps: hits.map((h) => h.replaceAll(control, '')).join('\n') };
    expect(findSecrets(channels, allValues)).toEqual([]);

    for (const where of ['/tmp', '/etc']) {
      expect(await onHost(nodes[0]!, `cat ${where}/corectl-secrets-test/app.env ${where}/corectl-secrets-test/agent1.conf`)).toBe(`PASSWORD=${values.password}\ntoken=${values.token}\n`);
      expect(await onHost(nodes[0]!, `stat -c %a ${where}/corectl-secrets-test/agent2.conf`)).toBe('600\n');
    }
  });

  it('masks them in the drift check, its reports and its webhook summary', async () => {
    const received: string[] = [];
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        received.push(body);
        response.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await onHost(nodes[1]!, `echo 'token=old-${values.token}' > /etc/corectl-secrets-test/agent1.conf; echo PASSWORD=x > /tmp/corectl-secrets-test/app.env`);
      const port = (server.address() as { port: number }).port;
      const check = await corectl(['check', PLAYBOOK, '-i', cluster.inventory, '--no-typecheck', '--plain', '--verbose', '--report', `json=${join(dir, 'check.json')}`, '--notify-webhook', `http://127.0.0.1:${port}/`], env);
      expect(check.code).toBe(5);
      expect(check.stdout).toContain('token line 1');
      expect(received).toHaveLength(1);
      expect(findSecrets({ stdout: check.stdout, stderr: check.stderr, json: readFileSync(join(dir, 'check.json'), 'utf8'), webhook: received.join('\n') }, allValues)).toEqual([]);
    } finally {
      server.close();
    }
  });
});

function findSecrets(channels: Record<string, string>, secrets: string[]): string[] {
  return Object.entries(channels).flatMap(([channel, text]) => secrets.filter((value) => text.includes(value)).map((value) => `${channel} shows ${value}`));
}
