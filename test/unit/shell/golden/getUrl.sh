set -- /usr/local/bin/tool sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 0 755 '' '' 0
p=$1 algo=$2 want=$3 force=$4 mode=$5 owner=$6 group=$7 corectl_backup=$8
digest() { "${algo}sum" < "$1" | cut -d ' ' -f 1; }
corectl_clean_stale "$p"
if [ ! -d "$corectl_dir" ] && ! corectl_planned dir "$corectl_dir"; then echo "Destination $corectl_dir does not exist" >&2; exit 1; fi
if [ -d "$p" ]; then echo "$p is a directory: path is the file's own path" >&2; exit 1; fi
if [ -f "$p" ] && [ "$force" = 0 ] && [ -n "$algo" ] && [ "$(digest "$p")" = "$want" ]; then
  corectl_meta "$p" "$mode" "$owner" "$group" || exit 1
  exit 0
fi
if ! command -v curl >/dev/null 2>&1; then echo "getUrl needs curl on the host" >&2; exit 1; fi
set --
if [ -f "$p" ] && [ "$force" = 0 ] && [ -z "$algo" ]; then set -- --time-cond "$p"; fi
if [ "$corectl_check" = 1 ]; then tmp=$(mktemp /var/tmp/.corectl-get-url.XXXXXX) || exit 1
else tmp="$corectl_dir/.$corectl_base.corectl.$corectl_nonce"; fi
corectl_tmp=$tmp
out=$(curl --config - --silent --show-error --output "$tmp" --write-out '%{http_code}\nend\n' "$@" 2>&1)
rc=$?
status=$(printf '%s\n' "$out" | tail -n 2 | head -n 1)
if [ "$status" = 304 ]; then rm -f -- "$tmp"; corectl_tmp=''; corectl_meta "$p" "$mode" "$owner" "$group" || exit 1; exit 0; fi
if [ "$rc" != 0 ] || [ "$status" = 000 ]; then echo "Request failed: $(printf '%s\n' "$out" | grep -m 1 '^curl: ')" >&2; exit 1; fi
case $status in 2??) ;; *) echo "Request failed: HTTP Error $status" >&2; exit 1 ;; esac
if [ -n "$algo" ]; then
  got=$(digest "$tmp")
  if [ "$got" != "$want" ]; then echo "The checksum for $p did not match $want; it was $got (nothing was written)" >&2; exit 1; fi
fi
if [ -f "$p" ] && cmp -s -- "$tmp" "$p"; then
  rm -f -- "$tmp"; corectl_tmp=''
  corectl_meta "$p" "$mode" "$owner" "$group" || exit 1
  exit 0
fi
if [ -e "$p" ]; then corectl_msg "content differs"; else corectl_msg "downloaded"; corectl_plan file "$p"; fi
corectl_changed
if [ "$corectl_check" = 1 ]; then
  rm -f -- "$tmp"; corectl_tmp=''
  corectl_known_user "$owner" && corectl_known_group "$group" || exit 1
  exit 0
fi
if [ -e "$p" ]; then
  chmod --reference="$p" -- "$tmp" || exit 1
  chown --reference="$p" -- "$tmp" 2>/dev/null || :
  if [ "$corectl_backup" = 1 ]; then corectl_backup_of "$p" || exit 1; fi
else chmod 0644 -- "$tmp" || exit 1; fi
corectl_meta "$tmp" "$mode" "$owner" "$group" quiet || exit 1
sync -- "$tmp" 2>/dev/null
mv -f -- "$tmp" "$p" || exit 1
corectl_tmp=''
corectl_relabel "$p"
