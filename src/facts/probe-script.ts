// The fact probe: one script, one round trip. Each fact is one `@fact NAME VALUE` line; JSON
// values (ip, rpm-ostree) are squeezed onto their line. A tool that is missing prints nothing.

/**
 * Identifies one boot of a host. The kernel's boot_id alone is not enough: a container host keeps
 * its kernel across reboots, so PID 1's start time is part of it.
 */
export const BOOT_ID_SHELL = `"$(cat /proc/sys/kernel/random/boot_id)-$(cut -d' ' -f22 /proc/1/stat)"`;

export const PROBE_SCRIPT = `
f() { printf '@fact %s %s\\n' "$1" "$2"; }
f hostname "$(cat /proc/sys/kernel/hostname)"
f fqdn "$(hostname -f 2>/dev/null || true)"
if [ -r /etc/os-release ]; then
  while IFS='=' read -r k v; do
    case $k in ID|VERSION_ID|VARIANT_ID|PRETTY_NAME) v=\${v#\\"}; v=\${v%\\"}; f "os_$k" "$v";; esac
  done < /etc/os-release
fi
f kernel "$(uname -r)"
f arch "$(uname -m)"
f cpus "$(nproc 2>/dev/null || true)"
f memkb "$(sed -n 's/^MemTotal: *\\([0-9]*\\).*/\\1/p' /proc/meminfo)"
f ip_addr "$(ip -j addr 2>/dev/null | tr -d '\\n')"
f ip_route "$(ip -j route show default 2>/dev/null | tr -d '\\n')"
f systemd "$(systemctl --version 2>/dev/null | sed -n '1s/^systemd \\([0-9]*\\).*/\\1/p')"
if command -v getenforce >/dev/null 2>&1; then f selinux "$(getenforce 2>/dev/null)"
elif [ -r /sys/fs/selinux/enforce ]; then f selinux "$(cat /sys/fs/selinux/enforce)"; fi
f boot_id ${BOOT_ID_SHELL}
if command -v rpm-ostree >/dev/null 2>&1; then f rpm_ostree "$(rpm-ostree status --json 2>/dev/null | tr -d '\\n')"; fi
# Even \`podman --version\` creates ~/.config (and \`podman version\` rootless storage): a probe
# must leave no trace, so podman gets a throwaway home.
if command -v podman >/dev/null 2>&1 && d=$(mktemp -d); then
  f podman "$(HOME=$d XDG_CONFIG_HOME=$d XDG_DATA_HOME=$d podman --version 2>/dev/null | sed 's/.* //')"; rm -rf -- "$d"
fi
`;
