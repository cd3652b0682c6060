set -- /proc/sys/net/core/somaxconn /etc/sysctl.d/99-site.conf
p=$1 f=$2
if [ -e "$p" ]; then
  corectl_data known 1
  if now=$(cat -- "$p" 2>/dev/null); then set -f; set -- $now; set +f; corectl_data now "$*"; fi
else corectl_data known 0; fi
if [ -f "$f" ]; then corectl_data_file file "$f" || exit 1; fi
