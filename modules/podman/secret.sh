# shellcheck shell=sh
# podman.secret, present: $1 the name, $2 the hash of the value (with the newline podman keeps);
# the value itself is the step's stdin, never on a command line.
name=$1 want=$2
have=''
if podman secret exists "$name"; then
  have=$(podman secret inspect --showsecret --format '{{.SecretData}}' "$name" | b2sum) || exit 1
  have=${have%% *}
fi
if [ "$have" != "$want" ]; then
  if [ -z "$have" ]; then corectl_msg 'secret is missing'; else corectl_msg 'secret value differs'; fi
  if [ "$corectl_check" = 0 ]; then podman secret create --replace "$name" - >/dev/null || exit 1; fi
  corectl_changed
fi
