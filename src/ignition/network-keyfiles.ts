// Static addresses from the inventory (`corectl_network`, a host or group var) as NetworkManager
// keyfiles in the first-boot config, the way Fedora CoreOS documents static networking: one
// /etc/NetworkManager/system-connections/IFACE.nmconnection per interface, root's only (0600;
// NetworkManager ignores a keyfile others can read). A host without the var keeps DHCP.
import { isIP } from 'node:net';
import { z } from 'zod';
import { InventoryError } from '../inventory/inventory-error.ts';
import type { ResolvedHost } from '../inventory/resolve-host.ts';
import { ignitionFile, type IgnitionFragment } from '../module-api/ignition-fragment.ts';

export const NETWORK_VAR = 'corectl_network';

const address = z.string().refine((a) => isIP(a) !== 0, 'must be an IP address');
const cidr = z.string().refine((a) => {
  const [ip, prefix, ...rest] = a.split('/');
  const family = isIP(ip ?? '');
  return rest.length === 0 && family !== 0 && /^\d{1,3}$/.test(prefix ?? '') && Number(prefix) <= (family === 4 ? 32 : 128);
}, 'must be an address with its prefix length, such as 192.0.2.10/24');

const interfaceSchema = z.strictObject({
  /** The kernel's name for it: ens2, eno1, ... */
  interface: z.string().regex(/^[A-Za-z0-9_.:-]{1,15}$/, 'must be an interface name such as ens2'),
  addresses: z.array(cidr).min(1),
  gateway: address.optional(),
  gateway6: address.optional(),
  dns: z.array(address).optional(),
  dnsSearch: z.array(z.string().regex(/^[A-Za-z0-9.-]+$/, 'must be a domain name')).optional(),
  mtu: z.number().int().min(576).max(65535).optional(),
}).superRefine((nic, ctx) => {
  for (const [field, family] of [['gateway', 4], ['gateway6', 6]] as const) {
    const gateway = nic[field];
    if (gateway === undefined) continue;
    if (isIP(gateway) !== family) ctx.addIssue({ code: 'custom', path: [field], message: `must be an IPv${family} address` });
    else if (!nic.addresses.some((a) => isIP(a.split('/')[0]!) === family)) ctx.addIssue({ code: 'custom', path: [field], message: `needs an IPv${family} address in addresses` });
  }
});

export const networkVarSchema = z.array(interfaceSchema);

export function networkFragment(host: ResolvedHost): IgnitionFragment {
  const value = host.vars[NETWORK_VAR];
  if (value === undefined || value === null) return {};
  const parsed = networkVarSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = `${NETWORK_VAR}${issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}`;
    throw new InventoryError(host.origins[NETWORK_VAR] ?? { file: '(inventory)', line: 0, column: 0 }, field, `${issue.message} (host ${host.name})`);
  }
  const files = parsed.data.map((nic) => ignitionFile(`/etc/NetworkManager/system-connections/${nic.interface}.nmconnection`, keyfile(nic), { mode: '600' }));
  return { storage: { files: files.flatMap((f) => f.storage!.files!) } };
}

function keyfile(nic: z.infer<typeof interfaceSchema>): string {
  const lines = ['[connection]', `id=${nic.interface}`, 'type=ethernet', `interface-name=${nic.interface}`];
  if (nic.mtu) lines.push('', '[ethernet]', `mtu=${nic.mtu}`);
  for (const family of [4, 6] as const) {
    const addresses = nic.addresses.filter((a) => isIP(a.split('/')[0]!) === family);
    const gateway = family === 4 ? nic.gateway : nic.gateway6;
    const dns = (nic.dns ?? []).filter((a) => isIP(a) === family);
    lines.push('', `[ipv${family}]`);
    if (addresses.length === 0) {
      // No static address of this family: IPv4 off (a static host wants no DHCP lease beside
      // it), IPv6 left to router advertisements as NetworkManager does by default.
      lines.push(family === 4 ? 'method=disabled' : 'method=auto');
      continue;
    }
    addresses.forEach((a, i) => lines.push(`address${i + 1}=${a}${i === 0 && gateway ? `,${gateway}` : ''}`));
    if (dns.length > 0) lines.push(`dns=${dns.join(';')};`);
    if (nic.dnsSearch?.length) lines.push(`dns-search=${nic.dnsSearch.join(';')};`);
    lines.push('may-fail=false', 'method=manual');
  }
  return `${lines.join('\n')}\n`;
}
