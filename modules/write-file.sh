# shellcheck shell=sh
# One whole file from the step's stdin (file, template, systemd units, ...): $1 path, $2 the
# content's hash, $3 mode, $4 owner, $5 group (empty: keep, or 0644 for a new file), $6 show a
# diff (1/0), $7 keep a backup of the old file (1/0). A validate command, when there is one, is
# defined before this (corectl_validate).
corectl_backup=$7
corectl_file "$1" "$2" "$3" "$4" "$5" "$6" || exit 1
