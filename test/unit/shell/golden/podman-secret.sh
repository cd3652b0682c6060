set -- tsig-key a8885ea7979a85fb826297313ec09657a806adc558a6a34c3d3f4c6e6243635d419ecc0505d88b5d86d81e15322bf5ba2f18e8b46eac13fa2dc38923ab48fc99
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
