# shellcheck shell=sh
# The fact probe: one script, one round trip (defined after boot-id.sh). Each fact is one
# `@fact NAME VALUE` line; a JSON value that spans lines (rpm-ostree's) comes between
# `@fact-begin NAME` and `@fact-end`. A tool that is missing prints nothing.
#
# Every process costs a host about a millisecond of CPU, and a probe runs on every host at the
# start of every run: what the shell can read itself from /proc and /sys it reads with `read`.
# The tools that are left (hostname -f, ip, systemctl, rpm-ostree, podman) run once each. (The
# shell reads a byte at a time: fine for these files, not for numeric /proc/sys ones, which
# answer only the first read.)
f() { printf '@fact %s %s\n' "$1" "$2"; }
r() { v=''; { IFS= read -r v < "$1"; } 2>/dev/null; [ -n "$v" ]; }
r /proc/sys/kernel/hostname; f hostname "$v"
f fqdn "$(hostname -f 2>/dev/null)"
if [ -r /etc/os-release ]; then
  while IFS='=' read -r k v; do
    case $k in ID|VERSION_ID|VARIANT_ID|PRETTY_NAME) v=${v#\"}; v=${v%\"}; f "os_$k" "$v";; esac
  done < /etc/os-release
fi
r /proc/sys/kernel/osrelease; f kernel "$v"
r /proc/sys/kernel/arch || v=$(uname -m); f arch "$v"
if r /sys/devices/system/cpu/online; then
  n=0; IFS=,
  for c in $v; do case $c in *-*) n=$((n + ${c#*-} - ${c%-*} + 1));; ?*) n=$((n + 1));; esac; done
  unset IFS; f cpus "$n"
else f cpus "$(nproc 2>/dev/null)"; fi
read -r k v u < /proc/meminfo && [ "$k" = MemTotal: ] && f memkb "$v"
f ip_addr "$(ip -j addr 2>/dev/null)"
f ip_route "$(ip -j route show default 2>/dev/null)"
# The version is the second word of the first line: split on purpose, with globbing off.
set -f
# shellcheck disable=SC2046
set -- $(systemctl --version 2>/dev/null)
set +f; f systemd "${2:-}"
if r /sys/fs/selinux/enforce; then f selinux "$v"
elif command -v getenforce >/dev/null 2>&1; then f selinux "$(getenforce 2>/dev/null)"; fi
printf '@fact boot_id '; corectl_boot_id; printf '\n'
if [ -r /var/lib/corectl/pending-handlers ]; then
  printf '@fact-begin pending_handlers\n'; cat /var/lib/corectl/pending-handlers 2>/dev/null; printf '\n@fact-end\n'
fi
if command -v rpm-ostree >/dev/null 2>&1; then
  printf '@fact-begin rpm_ostree\n'; rpm-ostree status --json 2>/dev/null; printf '\n@fact-end\n'
fi
# Even `podman --version` creates ~/.config (and `podman version` rootless storage): a probe
# must leave no trace, so podman gets a home it cannot create (it carries on without one).
if command -v podman >/dev/null 2>&1; then
  v=$(HOME=/proc/corectl-no-home XDG_CONFIG_HOME=/proc/corectl-no-home XDG_DATA_HOME=/proc/corectl-no-home podman --version 2>/dev/null) && f podman "${v##* }"
fi
