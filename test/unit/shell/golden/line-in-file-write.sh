corectl_validate() { sshd '-t' '-f' "$1"; }
corectl_validating=1
set -- /etc/ssh/sshd_config bd0849a4111fd0df6d768dd1a73359ac5185a556330fbe408318d37067147a02ca65e402fe6ea6af8d1e659fcda7944fe90614bb152e0ee8fd8337b4e805c4d9 99787c057073e29da6f80cdc6ed57b318096e1a343b09855a2fc2476942022c887cdbd496d6711ee99d6b9ff82dbe8d1b8b4abb8e0a6896cb8a7da48ca79c16e '' '' '' 1 'line replaced' '' '' ''
p=$1 before=$2 hash=$3 corectl_backup=$7 message=$8 link=$9
if [ -e "$p" ]; then corectl_hash_of "$p" "$before" || exit 1; h=$corectl_hash; corectl_known_hash=$h; else h=absent; fi
if [ "$h" != "$before" ]; then echo "$p changed while corectl was editing it; nothing written (run again)" >&2; exit 1; fi
if [ "$corectl_check" = 1 ]; then
  if [ "$corectl_validating" = 1 ]; then corectl_validate_scratch "$p" || exit 1; fi
  [ -z "$message" ] || corectl_msg "$message"
  corectl_changed; exit 0
fi
if [ ! -d "${p%/*}" ]; then mkdir -p -- "${p%/*}" || exit 1; fi
corectl_file "$p" "$hash" "$4" "$5" "$6" 0 || exit 1
if [ -n "$link" ]; then corectl_meta "$link" '' "${10}" "${11}" || exit 1; fi
[ -z "$message" ] || corectl_msg "$message"
