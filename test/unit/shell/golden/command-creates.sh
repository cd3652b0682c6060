set -- /etc/done '' '' touch /etc/done
creates=$1 removes=$2 chdir=$3
shift 3
if [ -n "$creates" ] && [ -e "$creates" ]; then corectl_msg "$creates exists"; exit 0; fi
if [ -n "$removes" ] && [ ! -e "$removes" ]; then corectl_msg "$removes does not exist"; exit 0; fi
if [ "$corectl_check" = 1 ]; then
  if [ -n "$creates$removes" ]; then corectl_changed; corectl_msg "would run"; else corectl_data check-skip 1; fi
  exit 0
fi
if [ -n "$chdir" ]; then cd -- "$chdir" || exit 1; fi
corectl_changed
"$@" <&0
