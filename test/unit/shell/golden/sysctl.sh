set -- /proc/sys/net/ipv4/ip_forward /etc/sysctl.d/90-corectl-net.ipv4.ip_forward.conf
p=$1 f=$2
if [ -e "$p" ]; then
  corectl_data known 1
  if now=$(cat -- "$p" 2>/dev/null); then set -f; set -- $now; set +f; corectl_data now "$*"; fi
else corectl_data known 0; fi
if [ -f "$f" ]; then corectl_data_file file "$f" || exit 1; fi
