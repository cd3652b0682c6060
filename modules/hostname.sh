# shellcheck shell=sh
# hostname: $1 the name, $2 its content hash (of "NAME\n"), $3 show a diff (1/0). The static
# name (/etc/hostname, from the step's stdin) and the running one.
name=$1
corectl_file /etc/hostname "$2" 644 '' '' "$3" || exit 1
now=$(cat /proc/sys/kernel/hostname)
if [ "$now" != "$name" ]; then
  corectl_before "$now"; corectl_after "$name"
  if [ "$corectl_check" = 0 ]; then hostname "$name" || exit 1; fi
  corectl_changed
fi
