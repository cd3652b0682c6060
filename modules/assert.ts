// assert: conditions the controller checks for each host, as Ansible's assert: each named by
// what it says, so a failure names the ones that do not hold. The host is not contacted.
import { z } from 'zod';
import { defineModule, moduleOptions } from 'corectl/module';

/**
 * @example assert(({ vars }: TaskContext<SiteVars>) => ({ that: { 'at least three etcd members': vars.etcd_members.length >= 3 } }))
 */
export const assert = defineModule({
  name: 'assert',
  ansible: 'ansible.builtin.assert',
  schema: moduleOptions('assert', {
    /** Conditions, each named by what it says; all must hold. @example { 'three replicas or more': vars.replicas >= 3 } */
    that: z.record(z.string().min(1), z.boolean()).refine((that) => Object.keys(that).length > 0, 'needs at least one condition'),
    /** The message when one does not hold (Ansible's fail_msg); by default, the ones that do not. */
    failMessage: z.string().optional(),
    /** The message when all hold (Ansible's success_msg). */
    successMessage: z.string().optional(),
  }, { fail_msg: '`failMessage`', msg: '`failMessage`', success_msg: '`successMessage`', quiet: 'nothing: the message is shown only when a condition fails' }),
  describe: (o) => `${Object.keys(o.that).length} condition${Object.keys(o.that).length === 1 ? '' : 's'}`,
  local: (o) => {
    const failing = Object.entries(o.that).filter(([, holds]) => !holds).map(([name]) => name);
    if (failing.length > 0) return { failed: true, message: o.failMessage ?? `Assertion failed: ${failing.join('; ')}` };
    return { message: o.successMessage ?? 'All assertions passed' };
  },
});
