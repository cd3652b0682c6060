// A host's vars in a play: the inventory's, templates rendered, then checked against the play's
// schema (whose defaults and transforms apply). Refused with every failing var and where its
// value was written.
import { renderVars } from '../inventory/render-templates.ts';
import type { resolveHost } from '../inventory/resolve-host.ts';
import { formatCallSite } from '../playbook/call-site.ts';
import { PlaybookError } from '../playbook/playbook-error.ts';
import type { Play } from '../playbook/playbook-types.ts';

export function playHostVars(play: Play, name: string, resolved: ReturnType<typeof resolveHost>): { hostVars: Record<string, unknown>; vars: Record<string, unknown> } {
  // Inventory templates (`{{ inventory_hostname }}.lan`) rendered, or refused with file:line.
  const hostVars = renderVars(resolved.vars, name, resolved.origins, resolved.literal);
  if (!play.options.vars) return { hostVars, vars: hostVars };
  const parsed = play.options.vars.safeParse(hostVars);
  if (!parsed.success) {
    // Every failing var, each with where its value was written (group_vars/dns.yml:6, hosts.ini:12).
    const problems = parsed.error.issues.map((issue) => {
      const origin = resolved.origins[String(issue.path[0])];
      const where = origin ? ` (${origin.file}:${origin.line})` : issue.path.length > 0 ? ' (not set in the inventory)' : '';
      return `var ${issue.path.join('.') || '(vars)'}${where}: ${issue.message}`;
    });
    throw new PlaybookError(`${formatCallSite(play.site)}: play "${play.name}": host ${name}: ${problems.join('; ')}`);
  }
  return { hostVars, vars: { ...hostVars, ...(parsed.data as Record<string, unknown>) } };
}
