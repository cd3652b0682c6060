# shellcheck shell=sh
# corectl_boot_id prints an identifier of this boot of the host. The kernel's boot_id alone is not
# enough: a container host keeps its kernel across reboots, so PID 1's start time (field 22 of
# /proc/1/stat, counted after the command name, which may hold spaces) is part of it.
corectl_boot_id() {
  corectl_b=''; corectl_p=''
  read -r corectl_b < /proc/sys/kernel/random/boot_id
  read -r corectl_p < /proc/1/stat
  set -- ${corectl_p##*) }; shift 19
  printf '%s-%s' "$corectl_b" "$1"
}
