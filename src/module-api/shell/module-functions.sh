# shellcheck shell=sh
# Shell functions every module script can use. They travel with the scripts (bytes, not round
# trips; once per shell session) so nothing is ever installed on a host. Everything is POSIX sh
# plus coreutils, diffutils and the host's own tools, all present on Fedora CoreOS. The file
# helpers (corectl_file, corectl_meta, ...) are described in file-functions.sh.
#
# corectl_act CMD ARGS...                 makes a change: runs the command (not in check mode) and
#                                          reports `changed` once it succeeded, so a step that fails
#                                          part-way reports changed only for what it really changed
# corectl_mkscratch                        sets corectl_scratch to a scratch file for content made on
#                                          the host (emptied or removed when the step ends)
# corectl_need_stdin                       the step needs its stdin from here on: with lazyStdin, when
#                                          it was not sent, ends the script and the engine runs it
#                                          again with stdin (corectl_file calls it before a write or diff)
# corectl_plan KIND VALUE                 check mode: this step would have made VALUE (a `dir`, `file`,
#                                          `user` or `group`); the rest of this step and later steps of the run see it
# corectl_planned KIND VALUE               true when an earlier step of this check run would have made it
# corectl_ensure_dir DIR                   makes a directory a file will go in (in check mode it counts as
#                                          made, for this step and the later ones)
# corectl_changed / corectl_msg TEXT / corectl_before TEXT / corectl_after TEXT / corectl_data K V
# corectl_data_file K PATH                 PATH's bytes as data K (base64); fails when it cannot be read
# corectl_reboot_required REASON           the host needs a reboot to apply what this step did
# corectl_rebooting SECONDS                this step started a reboot: the engine waits up to
#                                          SECONDS for a new boot id, then runs afterReboot
#
# The functions are the same for every step of a run: a shell session defines them once and each
# step sends only its header. Directives carry a per-step nonce, so a command's own output can
# never pass for one. (Defined after boot-id.sh, whose corectl_boot_id corectl_rebooting calls.)
corectl_cleanup() {
  if [ -n "$corectl_tmp" ]; then rm -f -- "$corectl_tmp"; fi
  case $corectl_scratch in
    '') ;;
    "${corectl_sd:-/nonexistent}/scratch") : > "$corectl_scratch" ;;
    *) rm -f -- "$corectl_scratch" ;;
  esac
}
# In a shell session that has its private directory (on tmpfs) the scratch file is the session's
# own: no mktemp and no rm per task (it is emptied when the step ends and removed with the session).
# Otherwise a private file, on tmpfs when the user can write there, removed when the step ends.
corectl_mkscratch() {
  if [ -n "${corectl_sd:-}" ] && [ -d "$corectl_sd" ]; then corectl_scratch=$corectl_sd/scratch; : > "$corectl_scratch"
  else corectl_scratch=$(mktemp "${XDG_RUNTIME_DIR:-/run}/corectl.XXXXXX" 2>/dev/null || mktemp); fi
}
corectl_changed() { printf '@corectl:%s changed\n' "$corectl_nonce"; }
corectl_act() {
  if [ "$corectl_check" = 0 ]; then "$@" || return; fi
  corectl_changed
}
# A step that acts on many paths (copyTree) names the one a message is about in corectl_msg_for.
corectl_msg() { printf '@corectl:%s msg %s%s\n' "$corectl_nonce" "${corectl_msg_for:+$corectl_msg_for: }" "$*"; }
corectl_before() { printf '@corectl:%s before %s\n' "$corectl_nonce" "$*"; }
corectl_after() { printf '@corectl:%s after %s\n' "$corectl_nonce" "$*"; }
corectl_data() { printf '@corectl:%s data %s %s\n' "$corectl_nonce" "$1" "$2"; }
corectl_reboot_required() { printf '@corectl:%s reboot-required %s\n' "$corectl_nonce" "$*"; }
corectl_rebooting() { printf '@corectl:%s rebooting %s ' "$corectl_nonce" "$1"; corectl_boot_id; printf '\n'; }
corectl_plan() {
  if [ "$corectl_check" = 1 ]; then corectl_plans="$corectl_plans
$1:$2
"; printf '@corectl:%s planned %s:%s\n' "$corectl_nonce" "$1" "$2"; fi
}
corectl_planned() { case $corectl_plans in *"
$1:$2
"*) return 0 ;; esac; return 1; }
corectl_ensure_dir() {
  if [ -d "$1" ] || corectl_planned dir "$1"; then return 0; fi
  if [ "$corectl_check" = 1 ]; then corectl_plan dir "$1"; return 0; fi
  mkdir -p -- "$1"
}
# base64 prints the bytes itself: a command substitution holding them would cost a fork of the
# shell (about 2 ms more than the program alone on a busy host) and hide a failed read.
corectl_data_file() {
  printf '@corectl:%s data %s ' "$corectl_nonce" "$1"
  corectl_rc=0; base64 -w0 < "$2" || corectl_rc=1
  printf '\n'; return "$corectl_rc"
}
# What every step sets first (stepHeader): its mode, nonce and stdin, and the traps that clean up
# after it. A function, so that each step's script carries one short line of it.
corectl_step() {
  set -u
  corectl_check=$1 corectl_diff=$2 corectl_stdin=$3 corectl_nonce=$4 corectl_stdin_hash=${5:-} corectl_stdin_bytes=${6:-}
  corectl_plans='' corectl_tmp='' corectl_scratch='' corectl_backup=0 corectl_validating=0
  trap corectl_cleanup EXIT
  trap 'exit 130' HUP INT TERM PIPE
}
corectl_need_stdin() { if [ "$corectl_stdin" = 0 ]; then printf '@corectl:%s need-stdin\n' "$corectl_nonce"; exit 0; fi; }
