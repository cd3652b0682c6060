// Turns the probe's `@fact` lines into typed Facts. Pure, so it is tested on recorded output.
import { factsSchema, pendingHandlerSchema, type Facts } from './facts-schema.ts';

export function parseFacts(output: string): Facts {
  const raw = new Map<string, string>();
  let block: { name: string; lines: string[] } | undefined;
  for (const line of output.split('\n')) {
    if (block) {
      if (line === '@fact-end') {
        if (block.lines.join('').trim() !== '') raw.set(block.name, block.lines.join('\n'));
        block = undefined;
      } else block.lines.push(line);
      continue;
    }
    const begin = /^@fact-begin (\S+)$/.exec(line);
    if (begin) block = { name: begin[1]!, lines: [] };
    const match = /^@fact (\S+) ?(.*)$/.exec(line);
    if (match && match[2] !== '') raw.set(match[1]!, match[2]!);
  }
  const json = (key: string): unknown => {
    try {
      return raw.has(key) ? JSON.parse(raw.get(key)!) : undefined;
    } catch {
      return undefined;
    }
  };
  const number = (key: string) => (raw.has(key) && !Number.isNaN(Number(raw.get(key))) ? Number(raw.get(key)) : undefined);
  return factsSchema.parse({
    hostname: raw.get('hostname') ?? '',
    fqdn: raw.get('fqdn'),
    os: { id: raw.get('os_ID'), versionId: raw.get('os_VERSION_ID'), variantId: raw.get('os_VARIANT_ID'), prettyName: raw.get('os_PRETTY_NAME') },
    kernel: raw.get('kernel') ?? '',
    architecture: raw.get('arch') ?? '',
    cpus: number('cpus'),
    memoryMb: raw.has('memkb') ? Math.round(Number(raw.get('memkb')) / 1024) : undefined,
    interfaces: interfaces(json('ip_addr')),
    defaultRoute: defaultRoute(json('ip_route')),
    systemdVersion: number('systemd'),
    selinux: selinux(raw.get('selinux')),
    bootId: raw.get('boot_id') ?? '',
    rpmOstree: rpmOstree(json('rpm_ostree')),
    podmanVersion: raw.get('podman'),
    pendingHandlers: pendingHandlers(json('pending_handlers')),
  });
}

/** Entries that do not parse are dropped: a damaged file must not stop a run (it is rewritten whole). */
function pendingHandlers(value: unknown): Facts['pendingHandlers'] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry) => {
    const parsed = pendingHandlerSchema.safeParse(entry);
    return parsed.success ? [parsed.data] : [];
  });
}

function interfaces(value: unknown): Facts['interfaces'] {
  if (!Array.isArray(value)) return [];
  return value.map((link: { ifname?: string; operstate?: string; address?: string; addr_info?: { family?: string; local?: string; prefixlen?: number }[] }) => ({
    name: link.ifname ?? '',
    state: link.operstate,
    mac: link.address,
    addresses: (link.addr_info ?? []).map((a) => ({ family: a.family ?? '', local: a.local ?? '', prefixlen: a.prefixlen ?? 0 })),
  }));
}

function defaultRoute(value: unknown): Facts['defaultRoute'] {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const route = value[0] as { gateway?: string; dev?: string };
  return { gateway: route.gateway, interface: route.dev };
}

function selinux(value: string | undefined): Facts['selinux'] {
  if (value === undefined) return undefined;
  const v = value.toLowerCase();
  if (v === '1' || v === 'enforcing') return 'enforcing';
  if (v === '0' || v === 'permissive') return 'permissive';
  return v === 'disabled' ? 'disabled' : undefined;
}

interface Deployment {
  booted?: boolean;
  version?: string;
  checksum?: string;
  'requested-packages'?: string[];
}

function rpmOstree(value: unknown): Facts['rpmOstree'] {
  const deployments = (value as { deployments?: Deployment[] } | undefined)?.deployments;
  if (!Array.isArray(deployments)) return undefined;
  const booted = deployments.find((d) => d.booted);
  const pending = deployments[0] && !deployments[0].booted ? deployments[0] : undefined;
  return {
    version: booted?.version,
    checksum: booted?.checksum,
    layeredPackages: booted?.['requested-packages'] ?? [],
    pending: pending ? { version: pending.version, checksum: pending.checksum } : undefined,
  };
}
