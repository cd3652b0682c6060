set -- etcd '' 9d391ec1e2556a8e55f0218dc53a6e383308d7e60caedf901e9accb5ee9a65353765ad11beba2ee9b168cb52718c0bc33a2fd70c3d5cff16761ca77d3d775eb4 1
ca=$1 anchor=$2 update=$4
if command -v update-ca-trust >/dev/null 2>&1; then dir=/etc/pki/ca-trust/source/anchors; tool='update-ca-trust'
elif command -v update-ca-certificates >/dev/null 2>&1; then dir=/usr/local/share/ca-certificates; tool='update-ca-certificates'
else dir=/etc/pki/ca-trust/source/anchors; tool=''; fi
[ -n "$anchor" ] || anchor="$dir/corectl-$ca.crt"
corectl_ensure_dir "${anchor%/*}" || exit 1
corectl_file "$anchor" "$3" 644 '' '' 0 || exit 1
[ "$update" = 1 ] || exit 0
if [ "$corectl_file_changed" = 1 ] || ! openssl verify -partial_chain "$anchor" >/dev/null 2>&1; then
  if [ -z "$tool" ]; then echo "no update-ca-trust or update-ca-certificates on this host: the anchor cannot be made trusted" >&2; exit 1; fi
  if [ "$corectl_check" = 0 ]; then
    "$tool" >/dev/null || exit 1
    corectl_msg "$tool: trust store updated"
    out=$(openssl verify -partial_chain "$anchor" 2>&1) || { echo "the system trust store does not accept CA $ca after $tool: $out" >&2; exit 1; }
  else corectl_msg "$tool would update the trust store"; fi
  corectl_changed
fi
