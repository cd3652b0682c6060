set -- registry.example.com fleet /root/.config/containers/auth.json '' '' 00902087c69182ac2bc68aa7643a0239552cff02095be4544bda3063528adb9fec02f855dd9ee0bc55c47771e56a9b6affdef1c69701fa496a2159e92d613d3e present
reg=$1 user=$2 af=$3 certdir=$4 tls=$5 want=$6 state=$7
if [ -z "$af" ]; then af=${REGISTRY_AUTH_FILE:-}; fi
if [ -z "$af" ]; then
  if [ -n "${XDG_RUNTIME_DIR:-}" ]; then af=$XDG_RUNTIME_DIR/containers/auth.json; else af=/run/containers/$(id -u)/auth.json; fi
fi
have=''
if [ -f "$af" ]; then
  have=$(jq -r --arg r "$reg" '.auths[$r].auth // empty' < "$af") || { echo "$af is not an auth file podman can read" >&2; exit 1; }
fi
if [ "$state" = absent ]; then
  [ -n "$have" ] || exit 0
  corectl_msg "logged out of $reg"
  if [ "$corectl_check" = 0 ]; then podman logout --authfile "$af" -- "$reg" > /dev/null || exit 1; fi
  corectl_changed
  exit 0
fi
if [ -n "$have" ]; then have=$(printf %s "$have" | b2sum) && have=${have%% *}; fi
if [ "$corectl_check" = 1 ]; then
  if [ "$have" != "$want" ]; then
    if [ -z "$have" ]; then corectl_msg "not logged in to $reg"; else corectl_msg "other credentials for $reg"; fi
    corectl_changed
  fi
  exit 0
fi
before=''
if [ -f "$af" ]; then before=$(b2sum < "$af") || exit 1; fi
set -- login --authfile "$af" --username "$user" --password-stdin
if [ -n "$certdir" ]; then set -- "$@" --cert-dir "$certdir"; fi
case $tls in 1) set -- "$@" --tls-verify=true ;; 0) set -- "$@" --tls-verify=false ;; esac
podman "$@" -- "$reg" > /dev/null || exit 1
after=$(b2sum < "$af") || exit 1
if [ "$before" != "$after" ]; then
  if [ -z "$have" ]; then corectl_msg "logged in to $reg as $user"; else corectl_msg "new credentials for $reg"; fi
  corectl_changed
fi
