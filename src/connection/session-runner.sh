# shellcheck shell=sh
# The runner of a shell session (shell-session.ts): a privileged shell kept open on one channel
# that runs commands one after another.
#
# Each command's stdout and stderr go straight to the channel's two streams; after the command
# the runner writes an end mark with its exit status to both, tagged with a random nonce that is
# unset before the command runs, so nothing it prints can pass for one. Every process costs a busy
# host about a millisecond, so the runner reads a short script itself, line by line (the shell's
# read takes a system call per byte, about 0.3 µs each on a test host), and only a long one with
# GNU head -c, which reads exactly the bytes it is asked for. It runs the command in a subshell: a
# fork, no new shell to exec and start. The subshell drops the runner's traps and keeps its own:
# a command's variables, traps, options, cwd and `exit` stay its own. Definitions (functions many
# commands use) are evaluated in the runner itself, once, and every later command has them. The
# command reads its stdin from a pipe, as on an exec channel (podman, for one, insists on a pipe),
# or /dev/null when it has none. Short text stdin (most of what modules send: a config file) comes
# as lines the runner reads itself and hands over as a here-document, a pipe the shell fills
# without a process, and as corectl_stdin_text, so a file can be written with the shell's own
# printf. Other stdin arrives with its length and is kept in a private directory on tmpfs (/run)
# when it can: it may be a secret and never touches a disk. The directory is made when the first
# such stdin comes (most sessions never need it: making and removing it would cost three processes).
#
# Each frame: a header line "NONCE HOW LENGTH STDIN" (HOW: lines, bytes or define; STDIN: 0,
# lN for N lines of text, or a byte count), the script, then the stdin.
corectl_sd=''
trap '[ -z "$corectl_sd" ] || rm -rf -- "$corectl_sd"' EXIT
trap 'exit 129' HUP INT TERM PIPE
corectl_nl='
'
corectl_read_lines() {
  corectl_v=''
  while [ "$1" -gt 0 ]; do
    IFS= read -r corectl_line || exit 1
    corectl_v=$corectl_v$corectl_line$corectl_nl
    set -- $(($1 - 1))
  done
}
printf '@corectl-session ready\n'
while IFS=' ' read -r corectl_sn corectl_how corectl_sl corectl_il; do
  if [ "$corectl_how" = lines ]; then corectl_read_lines "$corectl_sl"; corectl_s=$corectl_v
  else corectl_s=$(head -c "$corectl_sl") || exit 1
  fi
  if [ "$corectl_how" = define ]; then eval "$corectl_s" || exit 1; continue; fi
  case $corectl_il in
    0) ( trap - EXIT HUP INT TERM PIPE; unset corectl_sn; eval "$corectl_s" ) < /dev/null ;;
    l*)
      corectl_read_lines "${corectl_il#l}"
      ( trap - EXIT HUP INT TERM PIPE; unset corectl_sn; corectl_stdin_text=$corectl_v; eval "$corectl_s" ) <<corectl_EOF
${corectl_v%?}
corectl_EOF
      ;;
    *)
      [ -n "$corectl_sd" ] || corectl_sd=$(mktemp -d "${XDG_RUNTIME_DIR:-/run}/corectl.XXXXXX" 2>/dev/null || mktemp -d) || exit 1
      head -c "$corectl_il" > "$corectl_sd/i" || exit 1
      cat -- "$corectl_sd/i" | ( trap - EXIT HUP INT TERM PIPE; unset corectl_sn; eval "$corectl_s" ) ;;
  esac
  corectl_rc=$?
  case $corectl_il in 0|l*) ;; *) : > "$corectl_sd/i" ;; esac
  printf '\n@corectl-end:%s %s\n' "$corectl_sn" "$corectl_rc"
  printf '\n@corectl-end:%s %s\n' "$corectl_sn" "$corectl_rc" >&2
done
