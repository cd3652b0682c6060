# shellcheck shell=sh
# lineInFile/blockInFile, write step: $1 the file (a link's target), $2 the hash of what the first
# step read (absent: no file), $3 the new content's hash (the content is the step's stdin), $4
# mode, $5 owner, $6 group, $7 keep a backup (1/0), $8 what the edit is said as (empty: nothing),
# $9 the link whose own owner and group are set (empty: none), ${10} its owner, ${11} its group.
# Writes only if the file is still what was read; a validate command is defined before this.
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
