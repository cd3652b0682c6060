# shellcheck shell=sh
# sysctl, first step: $1 the setting's /proc/sys path, $2 the file it is kept in. Says whether the
# kernel knows it, its running value (fields joined by one space) and the file's bytes. The value
# is read with cat, not the shell's read: dash reads a byte at a time, and the kernel answers a
# read past the start of most /proc/sys files with nothing (one digit of 600).
p=$1 f=$2
if [ -e "$p" ]; then
  corectl_data known 1
  # Split on purpose, globbing off: the kernel separates fields with tabs or spaces.
  # shellcheck disable=SC2086
  if now=$(cat -- "$p" 2>/dev/null); then set -f; set -- $now; set +f; corectl_data now "$*"; fi
else corectl_data known 0; fi
if [ -f "$f" ]; then corectl_data_file file "$f" || exit 1; fi
