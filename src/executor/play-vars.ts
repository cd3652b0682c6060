// A host's vars in a play: the inventory's, templates rendered, then checked against the play's
// schema (whose defaults and transforms apply). Refused with every failing var and where its
// value was written.
import { renderVars } from '../inventory/render-templates.ts';
import type { resolveHost } from '../inventory/resolve-host.ts';
import { formatCallSite } from '../playbook/call-site.ts';
import { PlaybookError } from '../playbook/playbook-error.ts';
import type { Play } from '../playbook/playbook-types.ts';

export function playHostVars(play: Play, name: string, resolved: ReturnType<typeof resolveHost>, extraVars: Record<string, unknown> = {}): { hostVars: Record<string, unknown>; vars: Record<string, unknown> } {
  if (play.options.varsFiles?.length && !play.varsFromFiles) throw new PlaybookError(`${formatCallSite(play.site)}: play "${play.name}": its varsFiles were not read`);
  // The play's varsFiles above the inventory's vars, extra vars (-e) above both, as in Ansible.
  const files = play.varsFromFiles;
  const merged = files ? { ...resolved.vars, ...files.vars, ...pick(resolved.vars, Object.keys(extraVars)) } : resolved.vars;
  const origins = files ? { ...resolved.origins, ...files.origins, ...pick(resolved.origins, Object.keys(extraVars)) } : resolved.origins;
  const literal = files ? new Set([...resolved.literal].filter((key) => !(key in files.vars) || key in extraVars)) : resolved.literal;
  // Inventory templates (`{{ inventory_hostname }}.lan`) rendered, or refused with file:line.
  const hostVars = renderVars(merged, name, origins as typeof resolved.origins, literal);
  if (!play.options.vars) return { hostVars, vars: hostVars };
  const parsed = play.options.vars.safeParse(hostVars);
  if (!parsed.success) {
    // Every failing var, each with where its value was written (group_vars/dns.yml:6, hosts.ini:12).
    const problems = parsed.error.issues.map((issue) => {
      const origin = (files?.origins[String(issue.path[0])] && !(String(issue.path[0]) in extraVars) ? files.origins : resolved.origins)[String(issue.path[0])];
      const where = origin ? ` (${origin.file}:${origin.line})` : issue.path.length > 0 ? ' (not set in the inventory)' : '';
      return `var ${issue.path.join('.') || '(vars)'}${where}: ${issue.message}`;
    });
    throw new PlaybookError(`${formatCallSite(play.site)}: play "${play.name}": host ${name}: ${problems.join('; ')}`);
  }
  return { hostVars, vars: { ...hostVars, ...(parsed.data as Record<string, unknown>) } };
}

function pick<T>(from: Record<string, T>, keys: string[]): Record<string, T> {
  return Object.fromEntries(keys.filter((key) => key in from).map((key) => [key, from[key]!]));
}
