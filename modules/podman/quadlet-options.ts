// Options every podman module that runs a quadlet unit shares (container, pod, kube).
import { z } from 'zod';

/** [ip:][hostPort:]containerPort[/tcp|udp], as quadlet's PublishPort takes it. */
export const portSchema = z.string().regex(/^(\d{1,3}(\.\d{1,3}){3}:)?(\d{1,5}:)?\d{1,5}(\/(tcp|udp))?$/, 'must be [ip:][hostPort:]containerPort[/tcp|udp]');

/** The service's state, as quadlet-service.sh keeps it. */
export const quadletServiceShape = {
  state: z.enum(['started', 'stopped']).default('started'),
  /** Start at boot. */
  enabled: z.boolean().default(true),
  /**
   * After a start or restart, the service must stay active this many seconds (with no restart
   * by systemd in between), or the task fails with its state and last log lines: a service that
   * exits at once is not "started". 0 checks only that it started. Whatever its period, a service
   * systemd had to restart since the last run (same boot; the count is kept in
   * /var/lib/corectl/restarts/) fails the task once, with its log.
   */
  settleSeconds: z.number().int().min(0).max(600).default(3),
};

/**
 * Why a quadlet service's state cannot be a first-boot config: boot starts what is enabled, and
 * only that. Undefined when it can.
 */
export function bootStateLeftToRun(o: { state: 'started' | 'stopped'; enabled: boolean }): { leftToRun: string } | undefined {
  if (o.state === 'started' && !o.enabled) return { leftToRun: 'started but not enabled: boot starts only what is enabled' };
  if (o.state === 'stopped' && o.enabled) return { leftToRun: 'stopped but enabled: boot would start it' };
  return undefined;
}
