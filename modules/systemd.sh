# shellcheck shell=sh
# systemd: $1 the unit (empty: only reload/reexec the manager), $2 scope (system, user, global),
# $3 no-block (1/0), $4 force (1/0), $5 daemon-reexec first (1/0), $6 daemon-reload first (1/0),
# $7 the unit file's hash (its content is the step's stdin; empty: no file), $8 show a diff (1/0),
# $9 enabled, ${10} masked (each true, false or empty: leave), ${11} state (started, stopped,
# restarted, reloaded or empty: leave).
u=$1 scope=$2 hash=$7 diff=$8 enabled=$9 masked=${10} state=${11}
flags=''
if [ "$scope" != system ]; then flags="--$scope"; fi
if [ "$3" = 1 ]; then flags="$flags --no-block"; fi
if [ "$4" = 1 ]; then flags="$flags --force"; fi
# systemctl with the task's flags (fixed words: split on purpose).
# shellcheck disable=SC2086
sc() { systemctl $flags "$@"; }
if [ "$scope" = user ]; then export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/run/user/$(id -u)}"; fi
if [ "$5" = 1 ]; then corectl_msg "daemon-reexec"; if [ "$corectl_check" = 0 ]; then sc daemon-reexec || exit 1; fi; fi
if [ "$6" = 1 ]; then corectl_msg "daemon-reload"; if [ "$corectl_check" = 0 ]; then sc daemon-reload || exit 1; fi; fi

if [ -n "$hash" ]; then
  if [ "$scope" = user ]; then d="$HOME/.config/systemd/user"; else d=/etc/systemd/system; fi
  corectl_ensure_dir "$d" || exit 1
  corectl_file "$d/$u" "$hash" 644 '' '' "$diff" || exit 1
  if [ "$corectl_file_changed" = 1 ] && [ "$corectl_check" = 0 ] && [ "$scope" != global ]; then sc daemon-reload || exit 1; fi
fi

# The unit must exist for enabled and state; a unit file this run would write counts, and so does
# the quadlet file podman's generator makes NAME.service from (podman.container).
if [ -n "$enabled$state" ]; then
  load=$(sc show -p LoadState --value -- "$u" 2>/dev/null)
  if [ "$load" = not-found ] && [ -z "$hash" ] && ! corectl_planned file "/etc/systemd/system/$u" && ! corectl_planned file "/etc/containers/systemd/${u%.service}.container"; then
    echo "Could not find the requested service $u: host" >&2; exit 1
  fi
fi

if [ -n "$masked" ]; then
  if [ "$masked" = true ]; then want=masked verb=mask; else want='not masked' verb=unmask; fi
  s=$(sc is-enabled -- "$u" 2>/dev/null)
  case "$s" in masked|masked-runtime) now=masked ;; *) now='not masked' ;; esac
  if [ "$now" != "$want" ]; then
    if [ "$masked" = true ] && [ "$scope" = system ] && [ -f "/etc/systemd/system/$u" ] && [ ! -L "/etc/systemd/system/$u" ]; then
      echo "Failed to mask unit: File /etc/systemd/system/$u already exists: it is the unit's own file there, which a mask would replace; remove it first (absent) or stop managing it with content" >&2; exit 1
    fi
    corectl_before "$now"; corectl_after "$want"
    if [ "$corectl_check" = 0 ]; then sc "$verb" -- "$u" || exit 1; fi
    corectl_changed
  fi
fi

if [ -n "$enabled" ]; then
  if [ "$enabled" = true ]; then want=enabled verb=enable; else want=disabled verb=disable; fi
  s=$(sc is-enabled -- "$u" 2>/dev/null)
  case "$s" in enabled|enabled-runtime|alias) now=enabled ;; static|generated|transient|indirect) now=$s ;; *) now=disabled ;; esac
  # An indirect unit's [Install] names only Also= units: enabling or disabling it does that to
  # them, and it counts as enabled when every one of them is (as is-enabled's exit code, which
  # Ansible reads, says).
  if [ "$s" = indirect ]; then
    also=$(sc cat -- "$u" 2>/dev/null | sed -n 's/^[[:space:]]*Also[[:space:]]*=[[:space:]]*//p')
    if [ -n "$also" ]; then
      now=enabled
      # One unit name per word, as systemd splits Also=.
      # shellcheck disable=SC2086
      for a in $also; do case $(sc is-enabled -- "$a" 2>/dev/null) in enabled|enabled-runtime|alias) ;; *) now=disabled ;; esac; done
    fi
  fi
  # systemctl refuses to enable a masked unit (unless this task unmasks it first): check mode says so.
  case "$s" in masked|masked-runtime)
    if [ "$enabled" = true ] && [ "$masked" != false ] && [ "$corectl_check" = 1 ]; then
      echo "Unable to enable service $u: Failed to enable unit: Unit $u is masked." >&2; exit 1
    fi ;;
  esac
  case "$now" in
    enabled|disabled)
      if [ "$now" != "$want" ]; then
        corectl_before "$now"; corectl_after "$want"
        if [ "$corectl_check" = 0 ]; then out=$(sc "$verb" -- "$u" 2>&1) || { echo "Unable to $verb service $u: $out" >&2; exit 1; }; fi
        corectl_changed
      fi ;;
    *) corectl_msg "unit is $now: it cannot be enabled or disabled" ;;
  esac
fi

if [ -n "$state" ]; then
  # What systemd says changed on disk (a file task wrote the unit) is loaded before acting on it.
  if [ "$(sc show -p NeedDaemonReload --value -- "$u" 2>/dev/null)" = yes ]; then
    if [ "$corectl_check" = 0 ]; then
      corectl_msg "the unit changed on disk: systemd reloaded first"
      sc daemon-reload || exit 1
    else corectl_msg "the unit changed on disk: systemd would be reloaded first"; fi
  fi
  a=$(sc is-active -- "$u" 2>/dev/null)
  if [ "$a" != active ] && [ "$state" != stopped ] && [ "$(sc show -p LoadState --value -- "$u" 2>/dev/null)" = masked ]; then
    echo "Unable to start service $u: Unit $u is masked." >&2; exit 1
  fi
  case $state in
    started|stopped)
      if [ "$state" = started ]; then want=active verb=start; else want=inactive verb=stop; fi
      case "$a" in active|activating|reloading) now=active ;; deactivating) now=deactivating ;; *) now=inactive ;; esac
      if [ "$now" != "$want" ]; then
        corectl_before "$a"; corectl_after "$want"
        if [ "$corectl_check" = 0 ]; then out=$(sc "$verb" -- "$u" 2>&1) || { echo "Unable to $verb service $u: $out" >&2; exit 1; }; fi
        corectl_changed
      fi ;;
    *)
      # On a unit that does not run, restarted and reloaded start it, as Ansible does.
      if [ "$state" = restarted ]; then verb=restart; else verb=reload; fi
      case "$a" in active|activating|reloading) v=$verb; m=$state ;; *) v=start; m="started (it was not running)" ;; esac
      # Check mode says what would happen: a handler "restarted" in a drift report would read as done.
      if [ "$corectl_check" = 1 ]; then m="would be $m"; fi
      corectl_msg "$m"
      if [ "$corectl_check" = 0 ]; then out=$(sc "$v" -- "$u" 2>&1) || { echo "Unable to $v service $u: $out" >&2; exit 1; }; fi
      corectl_changed ;;
  esac
fi
