// The typed facts of a host. Everything a tool might lack is optional: a missing tool gives an
// absent fact, never an error.
import { z } from 'zod';

const addressSchema = z.object({ family: z.string(), local: z.string(), prefixlen: z.number() });

export const pendingHandlerSchema = z.object({
  play: z.string(),
  handler: z.string(),
  playbook: z.string(),
  /** When the task that notified it changed the host (ISO 8601). */
  since: z.string(),
});

export type PendingHandler = z.infer<typeof pendingHandlerSchema>;

export const factsSchema = z.object({
  hostname: z.string(),
  fqdn: z.string().optional(),
  os: z.object({
    id: z.string().optional(),
    versionId: z.string().optional(),
    variantId: z.string().optional(),
    prettyName: z.string().optional(),
  }),
  kernel: z.string(),
  architecture: z.string(),
  cpus: z.number().optional(),
  memoryMb: z.number().optional(),
  interfaces: z.array(z.object({ name: z.string(), state: z.string().optional(), mac: z.string().optional(), addresses: z.array(addressSchema) })),
  defaultRoute: z.object({ gateway: z.string().optional(), interface: z.string().optional() }).optional(),
  systemdVersion: z.number().optional(),
  selinux: z.enum(['enforcing', 'permissive', 'disabled']).optional(),
  /** Kernel boot id plus the start time of PID 1: changes at every boot, containers included. */
  bootId: z.string(),
  rpmOstree: z
    .object({
      version: z.string().optional(),
      checksum: z.string().optional(),
      layeredPackages: z.array(z.string()),
      pending: z.object({ version: z.string().optional(), checksum: z.string().optional() }).optional(),
    })
    .optional(),
  podmanVersion: z.string().optional(),
  /** Handlers an earlier run notified but did not get to run (/var/lib/corectl/pending-handlers). */
  pendingHandlers: z.array(pendingHandlerSchema),
});

export type Facts = z.infer<typeof factsSchema>;
