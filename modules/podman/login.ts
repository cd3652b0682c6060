// podman.login: credentials for a registry, in the auth file podman and quadlet services read
// (podman login; the password travels on stdin only and is never shown). A run logs in every time,
// as Ansible's podman_login does, so credentials the registry no longer takes fail the task; it is
// changed when the file changed. Check mode only reads the file.
import { z } from 'zod';
import { absolutePathSchema, contentHash, defineModule, moduleOptions, shellScript } from 'corectl/module';
import script from './login.sh';

const schema = moduleOptions(
  'podman.login',
  {
    /** The registry, as podman names it: host[:port], or a namespace in it (host/ns). @example 'registry.example.com' */
    registry: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.-]*(:[0-9]+)?(\/[a-z0-9._\-/]+)?$/, 'must be host[:port] or host[:port]/namespace, without a scheme'),
    /** @example 'fleet' */
    username: z.string().min(1).refine((u) => !u.includes(':') && !/[\n\r]/.test(u), 'no colon or newline'),
    /** A secret: never in a command line, a log, a diff or a report. Required unless state is absent. */
    password: z.string().min(1).refine((p) => !/[\n\r]/.test(p), 'one line').optional(),
    /**
     * The auth file. Without it, podman's own: /run/containers/0/auth.json for root, on tmpfs and
     * gone after a reboot; /root/.config/containers/auth.json outlives it and podman reads it too.
     */
    authFile: absolutePathSchema.optional(),
    /** A directory of certificates for the registry (podman's --cert-dir). */
    certDir: absolutePathSchema.optional(),
    /** Verify the registry's certificate (podman's default: true). */
    tlsVerify: z.boolean().optional(),
    /** absent logs out (Ansible's podman_logout). */
    state: z.enum(['present', 'absent']).default('present'),
  },
  { authfile: '`authFile`', certdir: '`certDir`', tlsverify: '`tlsVerify`', executable: 'nothing: podman from PATH' },
).refine((o) => o.state === 'absent' || o.password !== undefined, { message: 'a login needs a password', path: ['password'] })
  .refine((o) => o.certDir === undefined || o.tlsVerify === undefined, { message: 'give certDir or tlsVerify, not both (as Ansible)', path: ['tlsVerify'] });

/**
 * @example podman.login({ registry: 'registry.example.com', username: 'fleet', password: secrets.registry, authFile: '/root/.config/containers/auth.json' })
 */
export const login = defineModule({
  name: 'podman.login',
  ansible: 'containers.podman.podman_login (state absent: podman_logout)',
  schema,
  describe: (o) => `${o.username}@${o.registry}`,
  // The password goes on stdin only: it is masked wherever it could appear, and what podman says
  // (logged in, or why not) stays readable.
  sensitive: (o) => ({ mask: o.password === undefined ? [] : [o.password] }),
  remote: (o) => {
    // The entry podman writes: base64 of user:password. Only its hash goes to the host's script.
    const entry = o.password === undefined ? '' : Buffer.from(`${o.username}:${o.password}`).toString('base64');
    return {
      become: true,
      ...(o.state === 'present' && { stdin: `${o.password!}\n` }),
      script: shellScript(script, o.registry, o.username, o.authFile ?? '', o.certDir ?? '', o.tlsVerify === undefined ? '' : o.tlsVerify, contentHash(entry), o.state),
    };
  },
  ignition: () => ({ leftToRun: 'podman login asks the registry, which a host cannot do before it boots' }),
});
