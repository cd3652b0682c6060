# shellcheck shell=sh
# podman.login: credentials for a registry in an auth file, as podman login writes them (mode
# 0600). $1 registry, $2 username, $3 auth file ('' for podman's own), $4 a directory of
# certificates for the registry ('' for podman's), $5 verify TLS (1/0, '' for podman's default),
# $6 the hash (b2sum) of the entry the file should hold, $7 present or absent. The password is the
# step's stdin, for podman login --password-stdin: never on a command line.
reg=$1 user=$2 af=$3 certdir=$4 tls=$5 want=$6 state=$7
# podman's own file, as podman finds it: said on the command line, so that what is read is what is written.
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
# Check mode only reads the file; a run logs in every time, as Ansible's does, so that credentials
# the registry no longer takes fail the task, and is changed when the file changed.
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
