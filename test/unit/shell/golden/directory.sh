p=/etc/coredns
if [ -L "$p" ]; then p=$(readlink -f -- "$p") || exit 1; fi
if [ -d "$p" ]; then
  corectl_meta "$p" 755 '' '' || exit 1
  :
elif [ -e "$p" ]; then
  echo "$p already exists as a $(stat -c %F -- "$p")" >&2; exit 1
else
  corectl_msg "directory is missing"
  corectl_known_user '' && corectl_known_group '' || exit 1
  # Like mkdir -p, but each directory made gets the metadata, as Ansible does.
  d=''; rest=${p#/}
  while [ -n "$rest" ]; do
    d="$d/${rest%%/*}"; case $rest in */*) rest=${rest#*/} ;; *) rest='' ;; esac
    [ -n "${d##*/}" ] || continue
    if [ -e "$d" ] && [ ! -d "$d" ]; then echo "There was an issue creating $p: $d is not a directory" >&2; exit 1; fi
    if [ ! -e "$d" ]; then
      corectl_act mkdir -- "$d" || exit 1
      if [ "$corectl_check" = 1 ]; then corectl_plan dir "$d"; continue; fi
      corectl_meta "$d" 755 '' '' quiet || exit 1
      corectl_relabel "$d"
    fi
  done
fi
