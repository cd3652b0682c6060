// Shell functions every module script can use. They travel with the scripts (bytes, not round
// trips; once per shell session) so nothing is ever installed on a host. Everything is POSIX sh
// plus coreutils, diffutils and the host's own tools, all present on Fedora CoreOS.
//
// corectl_file PATH WANT_HASH MODE OWNER GROUP SHOWDIFF   (new content on stdin)
//   Makes PATH hold stdin's content with the given metadata (empty = keep, or 0644/root for a new
//   file). Compares by hash first (WANT_HASH is contentHash() of the content; b2sum on the host)
//   and writes nothing when equal. A write goes to a temp file in the same directory
//   (.NAME.corectl.XXXXXX, removed on failure, and by the next run when a kill left it), is
//   synced and renamed over PATH, so PATH is always the old or the new content, never a mix; the
//   SELinux label is restored after. When something differs (and, outside check mode, was
//   changed) it reports the change and sets corectl_file_changed=1.
// corectl_meta PATH MODE OWNER GROUP     fixes metadata only; sets corectl_meta_changed
// corectl_mkscratch                        sets corectl_scratch to a scratch file for content made on
//                                          the host (emptied or removed when the step ends)
// corectl_clean_stale PATH                 removes temp files a killed write to PATH left behind
// corectl_need_stdin                       the step needs its stdin from here on: with lazyStdin, when
//                                          it was not sent, ends the script and the engine runs it
//                                          again with stdin (corectl_file calls it before a write or diff)
// corectl_changed / corectl_msg TEXT / corectl_before TEXT / corectl_after TEXT / corectl_data K V
// corectl_reboot_required REASON           the host needs a reboot to apply what this step did
// corectl_rebooting SECONDS                this step started a reboot: the engine waits up to
//                                          SECONDS for a new boot id, then runs afterReboot
import { BOOT_ID_FUNCTION } from '../facts/probe-script.ts';

// The functions are the same for every step of a run: a shell session defines them once (see
// ExecOptions.definitions) and each step sends only its header. Directives carry a per-step nonce,
// so a command's own output can never pass for one.
export const MODULE_FUNCTIONS = `corectl_cleanup() {
  if [ -n "$corectl_tmp" ]; then rm -f -- "$corectl_tmp"; fi
  case $corectl_scratch in
    '') ;;
    "\${corectl_sd:-/nonexistent}/scratch") : > "$corectl_scratch" ;;
    *) rm -f -- "$corectl_scratch" ;;
  esac
}
# In a shell session the scratch file is the session's own, in its private directory on tmpfs:
# no mktemp and no rm per task (it is emptied when the step ends and removed with the session).
corectl_mkscratch() {
  if [ -n "\${corectl_sd:-}" ] && [ -d "$corectl_sd" ]; then corectl_scratch=$corectl_sd/scratch; : > "$corectl_scratch"
  else corectl_scratch=$(mktemp); fi
}
corectl_changed() { printf '@corectl:%s changed\\n' "$corectl_nonce"; }
corectl_msg() { printf '@corectl:%s msg %s\\n' "$corectl_nonce" "$*"; }
corectl_before() { printf '@corectl:%s before %s\\n' "$corectl_nonce" "$*"; }
corectl_after() { printf '@corectl:%s after %s\\n' "$corectl_nonce" "$*"; }
corectl_data() { printf '@corectl:%s data %s %s\\n' "$corectl_nonce" "$1" "$2"; }
corectl_reboot_required() { printf '@corectl:%s reboot-required %s\\n' "$corectl_nonce" "$*"; }
${BOOT_ID_FUNCTION}corectl_rebooting() { printf '@corectl:%s rebooting %s ' "$corectl_nonce" "$1"; corectl_boot_id; printf '\\n'; }
corectl_need_stdin() { if [ "$corectl_stdin" = 0 ]; then printf '@corectl:%s need-stdin\\n' "$corectl_nonce"; exit 0; fi; }
corectl_relabel() { if command -v restorecon >/dev/null 2>&1; then restorecon -- "$1" 2>/dev/null || :; fi; }
corectl_showdiff() {
  printf '@corectl:%s diff-begin\\n' "$corectl_nonce"
  if [ -f "$1" ]; then diff -u --label "$1" --label "$1" -- "$1" "$2"; else diff -u --label /dev/null --label "$1" -- /dev/null "$2"; fi
  printf '@corectl:%s diff-end\\n' "$corectl_nonce"
}
corectl_meta() {
  corectl_meta_changed=0
  if [ -z "$2$3$4" ]; then return 0; fi
  set -- "$1" "$2" "$3" "$4" "$(stat -c '%a %U %G' -- "$1")"
  cur_mode=\${5%% *}; cur_rest=\${5#* }; cur_owner=\${cur_rest%% *}; cur_group=\${cur_rest#* }
  if [ -n "$2" ] && [ "$2" != "$cur_mode" ]; then
    corectl_meta_changed=1; corectl_msg "mode $cur_mode -> $2"
    if [ "$corectl_check" = 0 ]; then chmod -- "$2" "$1" || return 1; fi
  fi
  if [ -n "$3" ] && [ "$3" != "$cur_owner" ]; then
    corectl_meta_changed=1; corectl_msg "owner $cur_owner -> $3"
    if [ "$corectl_check" = 0 ]; then chown -- "$3" "$1" || return 1; fi
  fi
  if [ -n "$4" ] && [ "$4" != "$cur_group" ]; then
    corectl_meta_changed=1; corectl_msg "group $cur_group -> $4"
    if [ "$corectl_check" = 0 ]; then chgrp -- "$4" "$1" || return 1; fi
  fi
}
# A write cut short by SIGKILL, a crash or a power cut leaves its temp file: the next run for the
# same path removes it (the quoted part of the pattern is literal, whatever the name holds). Sets
# corectl_dir and corectl_base, which corectl_file's write uses.
corectl_clean_stale() {
  corectl_dir=\${1%/*}; corectl_dir=\${corectl_dir:-/}; corectl_base=\${1##*/}
  [ \${#corectl_base} -le 200 ] || corectl_base=long
  for corectl_stale in "$corectl_dir/.$corectl_base.corectl."*; do
    if [ -f "$corectl_stale" ]; then rm -f -- "$corectl_stale"; fi
  done
}
corectl_file() {
  corectl_file_changed=0
  if [ -d "$1" ]; then echo "$1 is a directory" >&2; return 1; fi
  corectl_clean_stale "$1"
  corectl_have=''
  if [ -f "$1" ]; then corectl_have=$(b2sum < "$1") || return 1; corectl_have=\${corectl_have%% *}; fi
  if [ "$corectl_have" = "$2" ]; then
    corectl_meta "$1" "$3" "$4" "$5" || return 1
    corectl_file_changed=$corectl_meta_changed
    if [ "$corectl_file_changed" = 1 ]; then corectl_changed; fi
    return 0
  fi
  # The content is needed from here on only to write it or to show a diff.
  if [ "$corectl_check" = 0 ] || [ "$6" = 1 ]; then corectl_need_stdin; fi
  corectl_file_changed=1
  corectl_changed
  if [ -f "$1" ]; then corectl_msg "content differs"; else corectl_msg "file is missing"; fi
  if [ "$corectl_check" = 1 ]; then
    if [ "$6" = 1 ]; then corectl_showdiff "$1" -; fi
    return 0
  fi
  corectl_tmp=$(mktemp -- "$corectl_dir/.$corectl_base.corectl.XXXXXX") || return 1
  corectl_err=$(cat 2>&1 > "$corectl_tmp") || { echo "$1: writing the new content failed: \${corectl_err#cat: }; the old file is unchanged" >&2; return 1; }
  # What arrived must be what was sent: never install short or foreign content.
  corectl_got=$(b2sum < "$corectl_tmp") || return 1
  if [ "\${corectl_got%% *}" != "$2" ]; then echo "$1: the content that arrived does not match what was sent; nothing written" >&2; return 1; fi
  if [ -e "$1" ]; then
    chmod --reference="$1" -- "$corectl_tmp" || return 1
    # Root keeps the old owner and group; another user can only keep what it may set.
    chown --reference="$1" -- "$corectl_tmp" 2>/dev/null || [ "$(id -u)" != 0 ] || chown --reference="$1" -- "$corectl_tmp" || return 1
  else chmod 0644 -- "$corectl_tmp" || return 1; fi
  if [ -n "$3" ]; then chmod -- "$3" "$corectl_tmp" || return 1; fi
  if [ -n "$4" ]; then chown -- "$4" "$corectl_tmp" || return 1; fi
  if [ -n "$5" ]; then chgrp -- "$5" "$corectl_tmp" || return 1; fi
  if [ "$6" = 1 ]; then corectl_showdiff "$1" "$corectl_tmp"; fi
  sync -- "$corectl_tmp" 2>/dev/null || :
  mv -f -- "$corectl_tmp" "$1" || return 1
  corectl_tmp=''
  corectl_relabel "$1"
}
`;

/** What one step sets before its script: its mode, its nonce and the traps that clean up after it. */
export function stepHeader(check: boolean, diff: boolean, nonce: string, stdinSent = true): string {
  return `set -u
corectl_check=${check ? 1 : 0} corectl_diff=${diff ? 1 : 0} corectl_stdin=${stdinSent ? 1 : 0} corectl_nonce=${nonce}
corectl_tmp='' corectl_scratch=''
trap corectl_cleanup EXIT
trap 'exit 130' HUP INT TERM PIPE
`;
}
