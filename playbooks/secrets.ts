// Secrets for the example site: a database password, an API token and CoreDNS's TSIG key, kept
// encrypted in playbooks/secrets/site.yaml (age format) and typed by the schema below. Values from
// a secrets file are masked in every line, diff, report and error corectl writes, and the tasks
// that use them show no diff or output at all.
//
// In the sandbox: CORECTL_SECRETS_IDENTITY=playbooks/secrets/sandbox-identity.txt corectl run playbooks/secrets.ts
// Edit the values: corectl secrets edit playbooks/secrets/site.yaml (same identity variable).
import { loadSecrets, playbook, z } from 'corectl';
import { directory, file, lineInFile, podman, secretFile } from 'corectl/modules';

const secrets = await loadSecrets('secrets/site.yaml', z.object({
  db_password: z.string().min(12),
  api_token: z.string().startsWith('tok_'),
  tsig_key: z.base64(),
}));

export default playbook((pb) => {
  pb.play('site secrets', { hosts: 'all', become: true }, (play) => {
    play.task('site directory', directory({ path: '/etc/site', mode: '0755' }));
    play.task('database credentials', file({ path: '/etc/site/db.env', mode: '0600', content: `DB_USER=site\nDB_PASSWORD=${secrets.db_password}\n` }));
    play.task('agent token', lineInFile({ path: '/etc/site/agent.conf', regexp: '^token=', line: `token=${secrets.api_token}`, create: true, mode: '0600' }));
    // The same token for services that read it from a file at start: on tmpfs only, put back at
    // every boot from a copy systemd-creds keeps encrypted with the host's key.
    play.task('API token on tmpfs', secretFile({ path: '/run/secrets/site/api-token', content: secrets.api_token, mode: '0400' }));
  });
  pb.play('dns secrets', { hosts: 'dns', become: true }, (play) => {
    play.task('TSIG key for CoreDNS', podman.secret({ name: 'tsig-key', value: secrets.tsig_key }));
  });
});
