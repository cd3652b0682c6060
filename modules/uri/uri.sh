# shellcheck shell=sh
# uri: $1 status codes that succeed (space-separated), $2 return the body (1/0), $3 creates, $4 removes.
# The request itself is curl's config on the step's stdin (URL, method, headers, credentials,
# body): nothing of it is on a command line another user of the host could read.
ok_codes=$1 want_body=$2 creates=$3 removes=$4
if [ -n "$creates" ] && [ -e "$creates" ]; then corectl_msg "skipped, since $creates exists"; exit 0; fi
if [ -n "$removes" ] && [ ! -e "$removes" ]; then corectl_msg "skipped, since $removes does not exist"; exit 0; fi
if ! command -v curl >/dev/null 2>&1; then echo "uri needs curl on the host" >&2; exit 1; fi
corectl_mkscratch || exit 1
body=$corectl_scratch
# What curl says of the response comes last, after any error of its own.
out=$(curl --config - --silent --show-error --output "$body" \
  --write-out '%{http_code}\n%{url_effective}\n%{num_redirects}\n%{content_type}\nend\n' 2>&1)
rc=$?
meta=$(printf '%s\n' "$out" | tail -n 5 | head -n 4)
status=$(printf '%s\n' "$meta" | sed -n 1p)
if [ "$rc" != 0 ] || [ "$status" = 000 ]; then
  echo "Status code was -1 and not [$(echo "$ok_codes" | sed 's/ /, /g')]: Request failed: $(printf '%s\n' "$out" | grep -m 1 '^curl: ')" >&2
  exit 1
fi
corectl_data status "$status"
corectl_data url "$(printf '%s\n' "$meta" | sed -n 2p)"
corectl_data redirects "$(printf '%s\n' "$meta" | sed -n 3p)"
corectl_data content_type "$(printf '%s\n' "$meta" | sed -n 4p)"
ok=0
for code in $ok_codes; do if [ "$code" = "$status" ]; then ok=1; fi; done
case $(printf '%s\n' "$meta" | sed -n 4p) in *json* | *javascript*) json=1 ;; *) json=0 ;; esac
# The body comes back when asked for, when it is JSON, or when the status says something is wrong.
if [ "$want_body" = 1 ] || [ "$json" = 1 ] || [ "$ok" = 0 ]; then corectl_data content "$(base64 -w 0 "$body")"; fi
if [ "$ok" = 0 ]; then echo "Status code was $status and not [$(echo "$ok_codes" | sed 's/ /, /g')]: HTTP Error $status" >&2; exit 1; fi
