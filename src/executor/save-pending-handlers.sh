# shellcheck shell=sh
# The host's record of the handlers a run owes it (/var/lib/corectl/pending-handlers), replaced
# whole and atomically from the step's stdin (JSON).
umask 022 && mkdir -p /var/lib/corectl || exit 1
t=$(mktemp /var/lib/corectl/.pending-handlers.XXXXXX) || exit 1
if cat > "$t" && chmod 0644 "$t" && mv -f "$t" /var/lib/corectl/pending-handlers; then exit 0; fi
rm -f "$t"; exit 1
