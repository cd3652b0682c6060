# shellcheck shell=sh
# file with remoteSrc: a copy of a file the host already has. $1 path, $2 the source on the host,
# $3 mode, $4 owner, $5 group (empty: keep, or 0644 for a new file), $6 show a diff (1/0), $7 keep
# a backup of the old file (1/0). A validate command, when there is one, is defined before this.
src=$2
if [ -d "$src" ]; then echo "Source $src is a directory: copying a directory on the host is not supported" >&2; exit 1; fi
if [ ! -e "$src" ]; then echo "Source $src not found" >&2; exit 1; fi
if [ ! -r "$src" ]; then echo "Source $src not readable" >&2; exit 1; fi
corectl_hash_of "$src" '' || exit 1
# The content is the source's, on this script's own stdin: never the step's (there is none).
corectl_stdin=1
unset corectl_stdin_text
corectl_backup=$7
corectl_file "$1" "$corectl_hash" "$3" "$4" "$5" "$6" < "$src" || exit 1
