# shellcheck shell=sh
# After a reboot: the staged deployment must be the one that booted. On Fedora CoreOS a failed
# boot check (greenboot) or a rollback would bring the host back on the old one.
if command -v rpm-ostree >/dev/null 2>&1; then
  pending=$(rpm-ostree status --json | jq -r '.deployments[0] | select(.booted | not) | .id') || exit 1
  if [ -n "$pending" ]; then echo "the host came back, but not on the staged deployment $pending" >&2; exit 1; fi
  corectl_msg "booted $(rpm-ostree status --json | jq -r '.deployments[] | select(.booted) | .id')"
fi
