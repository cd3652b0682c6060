// secretFile: a secret (a token, a key) as a file that lives only on tmpfs, under /run, for a
// service to read at start. The value travels on stdin and is written only there. To survive a
// reboot (`persist`, the default) the host keeps it encrypted by systemd-creds (with its own key or
// TPM) in /etc/credstore.encrypted, and a unit of its own writes the file again early at boot,
// before ordinary services start; no plain copy ever reaches a disk. Always sensitive: no diff,
// output or value is ever shown.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { absolutePathSchema, contentHash, defineModule, ownerSchema, shellScript } from 'corectl/module';
import presentScript from './secret-file.sh';
import absentScript from './secret-file-absent.sh';

const schema = z.strictObject({
  /**
   * Where the file goes: under /run (tmpfs). Letters, digits and `._@+:-/` only, as the unit
   * that writes it at boot names it. @example '/run/secrets/app/token'
   */
  path: absolutePathSchema
    .refine((p) => p.startsWith('/run/') && !p.endsWith('/'), 'must be a file under /run/ (a tmpfs): a secret file never goes to a disk')
    .refine((p) => /^[A-Za-z0-9._@+:/-]+$/.test(p), 'may hold only letters, digits and "._@+:-/" (it is written into a unit file)'),
  /** The secret: a vars or secrets-file value. */
  content: z.string().optional(),
  /** Octal. @example '0440' */
  mode: z.string().regex(/^0?[0-7]{3}$/, "must be an octal mode such as '0400'").transform((m) => m.padStart(4, '0')).default('0400'),
  owner: ownerSchema.default('root'),
  group: ownerSchema.default('root'),
  /** Written again at every boot from an encrypted copy on the host (false: gone at the next reboot until a run puts it back). */
  persist: z.boolean().default(true),
  state: z.enum(['present', 'absent']).default('present'),
}).refine((o) => o.state === 'absent' || o.content !== undefined, { message: 'a present secret file needs content', path: ['content'] });

type SecretFileOptions = z.output<typeof schema>;

/** The credential's and the unit's name: one per path. */
export function secretFileName(path: string): string {
  return `corectl-secret-${createHash('sha256').update(path).digest('hex').slice(0, 16)}`;
}

/** The unit that writes the file again at boot, from the credential systemd decrypts for it (%d). */
export function secretFileUnit(o: SecretFileOptions): string {
  const name = secretFileName(o.path);
  return [
    '[Unit]',
    `Description=corectl secret file ${o.path}`,
    'DefaultDependencies=no',
    'After=local-fs.target',
    'Before=sysinit.target shutdown.target',
    'Conflicts=shutdown.target',
    '',
    '[Service]',
    'Type=oneshot',
    'RemainAfterExit=yes',
    `LoadCredentialEncrypted=${name}:/etc/credstore.encrypted/${name}`,
    `ExecStart=install -D -m ${o.mode} -o ${o.owner} -g ${o.group} %d/${name} ${o.path}`,
    '',
    '[Install]',
    'WantedBy=sysinit.target',
  ].join('\n');
}

/**
 * @example secretFile({ path: '/run/secrets/app/token', content: vars.appToken, owner: 'app', mode: '0400' })
 */
export const secretFile = defineModule({
  name: 'secretFile',
  schema,
  describe: (o) => o.path,
  sensitive: () => true,
  remote: (o) => {
    const name = secretFileName(o.path);
    if (o.state === 'absent') return { become: true, script: shellScript(absentScript, o.path, '', name) };
    const content = o.content!;
    const present = shellScript(presentScript, o.path, contentHash(content), parseInt(o.mode, 8).toString(8), o.owner, o.group, o.persist ? name : '', o.persist ? secretFileUnit(o) : '');
    // Not kept: what an earlier run left to put it back at boot goes.
    const script = o.persist ? present : `${present}\n${shellScript(absentScript, o.path, 'keep', name)}`;
    return { become: true, script, stdin: content, lazyStdin: true };
  },
  ignition: () => ({ leftToRun: 'a first-boot config is stored on disk in plain text, which a secret file must never be' }),
});
