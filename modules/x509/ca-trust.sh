# shellcheck shell=sh
# x509.caTrust: $1 the CA's name, $2 where the anchor goes (empty: where the host's trust tool
# reads anchors), $3 the anchor's hash (the PEM is the step's stdin), $4 rebuild the trust store
# and check that it trusts the CA (1/0).
ca=$1 anchor=$2 update=$4
# The trust store of the host's family: the tool it has decides where anchors are read from.
if command -v update-ca-trust >/dev/null 2>&1; then dir=/etc/pki/ca-trust/source/anchors; tool='update-ca-trust'
elif command -v update-ca-certificates >/dev/null 2>&1; then dir=/usr/local/share/ca-certificates; tool='update-ca-certificates'
else dir=/etc/pki/ca-trust/source/anchors; tool=''; fi
[ -n "$anchor" ] || anchor="$dir/corectl-$ca.crt"
corectl_ensure_dir "${anchor%/*}" || exit 1
corectl_file "$anchor" "$3" 644 '' '' 0 || exit 1
# The system store must then accept the CA: an anchor in a place the tool does not read would be
# reported as installed while nothing is trusted.
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
