# shellcheck shell=sh
# The shell functions behind every file a module writes or whose metadata it fixes. They follow
# Ansible's file modules: owner and group compared by number (a numeric owner is an id), owner
# and group before mode (chown clears set-id bits), symbolic modes computed from the mode as it
# was, and a user or group that does not exist is an error in check mode as in a real run.
#
# corectl_meta PATH MODE OWNER GROUP [HOW]
#   Gives PATH the mode (octal digits, or `sym:` and the arithmetic of file-mode.ts), owner and
#   group (names or ids; empty = leave). Reports each difference (`mode 644 -> 600`) and sets
#   corectl_meta_changed. HOW: empty to change (reporting `changed` once done, or in check mode),
#   `inspect` to only report, `quiet` to change without reporting (a temp file being prepared).
# corectl_file PATH WANT_HASH MODE OWNER GROUP SHOWDIFF   (new content on stdin)
#   Makes PATH hold stdin's content with the given metadata (empty = keep, or 0644 for a new
#   file). Compares by hash first (WANT_HASH is contentHash() of the content; b2sum on the host)
#   and writes nothing when equal (a caller that has just hashed PATH, a regular file, sets
#   corectl_known_hash to that hash: it is used once instead of hashing again). A write goes to
#   a temp file in the same directory (.NAME.corectl.XXXXXX, removed on failure, and by the next
#   run when a kill left it), is synced and renamed over PATH, so PATH is always the old or the new content, never a mix; the
#   SELinux label is restored after. A symbolic link at PATH is replaced by the file, as Ansible's
#   copy does. With corectl_backup=1 the old file is first copied to PATH.PID.DATE@TIME~; with
#   corectl_validating=1, `corectl_validate TEMPFILE` must succeed before the rename (in check
#   mode it runs on a scratch copy). Sets corectl_file_changed=1 when something differs (and,
#   outside check mode, was changed).
# corectl_make_dirs PATH MODE OWNER GROUP
#   Makes PATH and its missing parents, as mkdir -p, each one made with the metadata, as Ansible
#   does (in check mode each counts as made: planned, for this step and later ones).
# corectl_stdin_is HASH                    true when the step's stdin is text the runner read, with that hash
# corectl_text_is PATH WANT_HASH MODE OWNER GROUP   true when PATH already is the step's short text stdin, metadata and all
# corectl_hash_of PATH EXPECTED            sets corectl_hash to PATH's b2sum (fails when it cannot be read)
# corectl_clean_stale PATH                 removes temp files a killed write to PATH left behind
# corectl_relabel PATH                     restores the SELinux label where SELinux is present
corectl_make_dirs() {
  corectl_d='' corectl_rest=${1#/}
  while [ -n "$corectl_rest" ]; do
    corectl_d="$corectl_d/${corectl_rest%%/*}"
    case $corectl_rest in */*) corectl_rest=${corectl_rest#*/} ;; *) corectl_rest='' ;; esac
    [ -n "${corectl_d##*/}" ] || continue
    if [ -e "$corectl_d" ] && [ ! -d "$corectl_d" ]; then echo "There was an issue creating $1: $corectl_d is not a directory" >&2; return 1; fi
    if [ ! -e "$corectl_d" ]; then
      corectl_act mkdir -- "$corectl_d" || return 1
      if [ "$corectl_check" = 1 ]; then corectl_plan dir "$corectl_d"; continue; fi
      corectl_meta "$corectl_d" "$2" "$3" "$4" quiet || return 1
      corectl_relabel "$corectl_d"
    fi
  done
}
corectl_relabel() { if command -v restorecon >/dev/null 2>&1; then restorecon -- "$1" 2>/dev/null || :; fi; }
corectl_showdiff() {
  printf '@corectl:%s diff-begin\n' "$corectl_nonce"
  if [ -f "$1" ] && [ ! -L "$1" ]; then diff -u --label "$1" --label "$1" -- "$1" "$2"; else diff -u --label /dev/null --label "$1" -- /dev/null "$2"; fi
  printf '@corectl:%s diff-end\n' "$corectl_nonce"
}
corectl_meta_act() {
  case $1 in inspect) return 0 ;; quiet) shift; "$@"; return ;; *) shift; corectl_act "$@" ;; esac
}
corectl_meta() {
  corectl_meta_changed=0
  if [ -z "$2$3$4" ]; then return 0; fi
  # Mostly nothing differs. For a plain mode alone find tells so, run as a program of its own,
  # where reading stat's answer takes a command substitution, a fork of the shell (about 2 ms more
  # on a busy host); anything else, and every difference, takes the whole comparison below.
  case $2 in *[!0-7]*) ;; *)
    case $3$4:$1 in :/*) if find "$1" -maxdepth 0 ! -perm "$2" -exec false {} + 2>/dev/null; then return 0; fi ;; esac ;;
  esac
  corectl_st=$(stat -c '%a:%u:%g:%U:%G:%F' -- "$1") || return 1
  cur_mode=${corectl_st%%:*}; corectl_st=${corectl_st#*:}
  cur_uid=${corectl_st%%:*}; corectl_st=${corectl_st#*:}
  cur_gid=${corectl_st%%:*}; corectl_st=${corectl_st#*:}
  cur_owner=${corectl_st%%:*}; corectl_st=${corectl_st#*:}
  cur_group=${corectl_st%%:*}; cur_type=${corectl_st#*:}
  if [ -n "$3" ]; then
    case $3 in
      *[!0-9]*) if [ "$3" = "$cur_owner" ]; then corectl_want=$cur_uid
        else corectl_want=$(id -u -- "$3" 2>/dev/null) || { echo "chown failed: failed to look up user $3" >&2; return 1; }; fi ;;
      *) corectl_want=$3 ;;
    esac
    if [ "$corectl_want" != "$cur_uid" ]; then
      corectl_meta_changed=1; [ "${5:-}" = quiet ] || corectl_msg "owner $cur_owner -> $3"
      corectl_meta_act "${5:-}" chown -h -- "$corectl_want" "$1" || return 1
    fi
  fi
  if [ -n "$4" ]; then
    case $4 in
      *[!0-9]*) if [ "$4" = "$cur_group" ]; then corectl_want=$cur_gid
        else corectl_want=$(getent group "$4") || { echo "chgrp failed: failed to look up group $4" >&2; return 1; }
          corectl_want=${corectl_want#*:*:}; corectl_want=${corectl_want%%:*}; fi ;;
      *) corectl_want=$4 ;;
    esac
    if [ "$corectl_want" != "$cur_gid" ]; then
      corectl_meta_changed=1; [ "${5:-}" = quiet ] || corectl_msg "group $cur_group -> $4"
      corectl_meta_act "${5:-}" chgrp -h -- "$corectl_want" "$1" || return 1
    fi
  fi
  if [ -n "$2" ]; then
    # chown may have cleared set-id bits: the mode is compared as it is now.
    if [ "$corectl_meta_changed" = 1 ] && [ "$corectl_check" = 0 ] && [ "${5:-}" != inspect ]; then cur_mode=$(stat -c %a -- "$1") || return 1; fi
    case $2 in
      sym:*) m=$((0$cur_mode)); d=0; [ "$cur_type" != directory ] || d=1; x=$(( (m & 73) != 0 )); um=$(umask); um=$((0$um))
        eval "${2#sym:}"; corectl_want=$(printf %o "$n") ;;
      *) corectl_want=$2 ;;
    esac
    if [ "$corectl_want" != "$cur_mode" ]; then
      corectl_meta_changed=1; [ "${5:-}" = quiet ] || corectl_msg "mode $cur_mode -> $corectl_want"
      # Five digits: GNU chmod keeps a directory's set-id bits for shorter numeric modes.
      corectl_meta_act "${5:-}" chmod -- "0000$corectl_want" "$1" || return 1
    fi
  fi
}
# A write cut short by SIGKILL, a crash or a power cut leaves its temp file: the next run for the
# same path removes it (the quoted part of the pattern is literal, whatever the name holds). Sets
# corectl_dir and corectl_base, which corectl_file's write uses.
corectl_clean_stale() {
  corectl_dir=${1%/*}; corectl_dir=${corectl_dir:-/}; corectl_base=${1##*/}
  [ ${#corectl_base} -le 200 ] || corectl_base=long
  for corectl_stale in "$corectl_dir/.$corectl_base.corectl."*; do
    if [ -f "$corectl_stale" ]; then rm -f -- "$corectl_stale"; fi
  done
}
# Check mode runs `validate` too, on a scratch copy of the new content: it predicts a failed
# validation without touching the file (Ansible's check mode skips it and says "changed").
corectl_validate_scratch() {
  corectl_need_stdin
  corectl_mkscratch || return 1
  cat > "$corectl_scratch" || return 1
  corectl_out=$(corectl_validate "$corectl_scratch" 2>&1) || { corectl_rc=$?; echo "$1: failed to validate: rc:$corectl_rc error:$corectl_out" >&2; return 1; }
}
# Most of the time a file already holds what it should: b2sum -c then checks the expected hash,
# read from a here-document, and the shell forks no command substitution for it (about 2 ms more
# than the program alone on a busy host). Any other answer is computed, so that a read error fails
# as it should; so is the hash of a path -c would want escaped (a backslash, newline or CR in it).
corectl_hash_of() {
  case $1 in *'\'* | *'
'* | *''*) ;;
    *) if b2sum -c --status 2>/dev/null <<corectl_EOF
$2  $1
corectl_EOF
      then corectl_hash=$2; return 0; fi ;;
  esac
  corectl_hash=$(b2sum < "$1") || return 1
  corectl_hash=${corectl_hash%% *}
}
# True when the step's stdin is text the session runner read itself (in $corectl_stdin_text) and
# is the content with this hash: a script may give corectl_file other content on its own stdin.
corectl_stdin_is() { [ -n "${corectl_stdin_text+set}" ] && [ "${corectl_stdin_hash:-}" = "$1" ]; }
# A short file that already holds the step's own text stdin, with the metadata asked for (a plain
# octal mode, owner, group), is recognised by one program: the shell reads it itself (a few bytes
# cost less than starting b2sum) and find checks the rest. The size is part of it: read skips NUL
# bytes, so a file with one would otherwise read as equal. Anything else, and every difference,
# is left to the full comparison (false here).
corectl_text_is() {
  corectl_stdin_is "$2" && [ "${corectl_stdin_bytes:-1025}" -le 1024 ] || return 1
  case $3 in *[!0-7]*) return 1 ;; esac
  case $1 in /*) ;; *) return 1 ;; esac
  corectl_v=''
  { while IFS= read -r corectl_line; do corectl_v="$corectl_v$corectl_line
"; done < "$1"; } 2>/dev/null
  [ "$corectl_v" = "$corectl_stdin_text" ] || return 1
  corectl_m=$3 corectl_o=$4 corectl_g=$5
  set -- "$1" -maxdepth 0 ! '(' -type f -size "${corectl_stdin_bytes}c"
  [ -z "$corectl_m" ] || set -- "$@" -perm "$corectl_m"
  # Compared by number, as corectl_meta does: a numeric owner or group is an id.
  case $corectl_o in '') ;; *[!0-9]*) set -- "$@" -user "$corectl_o" ;; *) set -- "$@" -uid "$corectl_o" ;; esac
  case $corectl_g in '') ;; *[!0-9]*) set -- "$@" -group "$corectl_g" ;; *) set -- "$@" -gid "$corectl_g" ;; esac
  find "$@" ')' -exec false {} + 2>/dev/null
}
corectl_backup_of() {
  corectl_bak="$1.$$.$(date +%Y-%m-%d@%H:%M:%S~)"
  cp -p -- "$1" "$corectl_bak" || { echo "Could not make backup of $1 to $corectl_bak" >&2; return 1; }
  corectl_data backup "$corectl_bak"
}
corectl_umask=$(umask)
corectl_file() {
  corectl_file_changed=0
  if [ -d "$1" ]; then echo "$1 is a directory" >&2; return 1; fi
  corectl_clean_stale "$1"
  if [ ! -d "$corectl_dir" ] && ! corectl_planned dir "$corectl_dir"; then echo "Destination directory $corectl_dir does not exist" >&2; return 1; fi
  corectl_have=''
  if [ -n "${corectl_known_hash:-}" ]; then corectl_have=$corectl_known_hash; corectl_known_hash=''
  elif [ -f "$1" ] && [ ! -L "$1" ]; then
    if corectl_text_is "$1" "$2" "$3" "$4" "$5"; then return 0; fi
    corectl_hash_of "$1" "$2" || return 1; corectl_have=$corectl_hash
  fi
  if [ "$corectl_have" = "$2" ]; then
    corectl_meta "$1" "$3" "$4" "$5" || return 1
    corectl_file_changed=$corectl_meta_changed
    return 0
  fi
  # The content is needed from here on only to write it or to show a diff.
  if [ "$corectl_check" = 0 ] || [ "$6" = 1 ]; then corectl_need_stdin; fi
  corectl_file_changed=1
  if [ -L "$1" ]; then corectl_msg "symbolic link replaced by a file"; elif [ -f "$1" ]; then corectl_msg "content differs"; else corectl_msg "file is missing"; fi
  if [ "$corectl_check" = 1 ]; then
    corectl_known_user "$4" && corectl_known_group "$5" || return 1
    if [ "${corectl_validating:-0}" = 1 ]; then corectl_validate_scratch "$1" || return 1; fi
    [ -e "$1" ] || corectl_plan file "$1"
    corectl_changed
    if [ "$6" = 1 ]; then corectl_showdiff "$1" -; fi
    return 0
  fi
  # The temp file is made by the shell, as mktemp would make it (new, private under umask 077, a
  # name no one can guess: the step's random nonce) without a process of its own. A default ACL on
  # the directory overrides the umask, so the file gets its metadata while still empty and is then
  # filled through the descriptor that made it: the content is never readable beyond the file's
  # own mode, and a read-only mode does not stop the write.
  corectl_tmp=$corectl_dir/.$corectl_base.corectl.$corectl_nonce
  umask 077; set -C; { command exec 9> "$corectl_tmp"; } 2>/dev/null; corectl_rc=$?; set +C; umask "$corectl_umask"
  if [ "$corectl_rc" != 0 ]; then
    # Tried again only to say why; should it work this time, the file it made goes.
    if corectl_err=$(set -C; : 2>&1 > "$corectl_tmp"); then rm -f -- "$corectl_tmp"; corectl_err='it could not be created'; fi
    corectl_tmp=''
    echo "$1: writing the new content failed: $corectl_err; the old file is unchanged" >&2; return 1
  fi
  if [ -e "$1" ] && [ ! -L "$1" ]; then
    chmod --reference="$1" -- "$corectl_tmp" || return 1
    # Root keeps the old owner and group; another user can only keep what it may set.
    chown --reference="$1" -- "$corectl_tmp" 2>/dev/null || [ "$(id -u)" != 0 ] || chown --reference="$1" -- "$corectl_tmp" || return 1
    corectl_meta "$corectl_tmp" "$3" "$4" "$5" quiet || return 1
  elif [ -z "$4$5" ] && case $3 in '' | sym:*) false ;; esac; then
    # A new file with a plain mode and the writer's owner: nothing to compare, one chmod.
    chmod -- "0000$3" "$corectl_tmp" || return 1
  else
    chmod 0644 -- "$corectl_tmp" || return 1
    corectl_meta "$corectl_tmp" "$3" "$4" "$5" quiet || return 1
  fi
  # The step's own stdin, as text the session runner read itself, when it is this file's content:
  # written by the shell, and it cannot have arrived short.
  corectl_texted=0
  if corectl_stdin_is "$2"; then corectl_texted=1; fi
  if [ "$corectl_texted" = 1 ]; then
    { printf %s "$corectl_stdin_text" >&9; } 2>/dev/null; corectl_rc=$?
    # Only a failed write pays for the second try that says why (dash's printf says "I/O error").
    if [ "$corectl_rc" != 0 ]; then corectl_err=$(printf %s "$corectl_stdin_text" | cat 2>&1 >&9); fi
  else
    corectl_err=$(cat 2>&1 >&9); corectl_rc=$?
  fi
  exec 9>&-
  [ "$corectl_rc" = 0 ] || { echo "$1: writing the new content failed: ${corectl_err#cat: }; the old file is unchanged" >&2; return 1; }
  if [ "$corectl_texted" = 0 ]; then
    # What arrived must be what was sent: never install short or foreign content.
    corectl_hash_of "$corectl_tmp" "$2" || return 1
    if [ "$corectl_hash" != "$2" ]; then echo "$1: the content that arrived does not match what was sent; nothing written" >&2; return 1; fi
  fi
  if [ "${corectl_backup:-0}" = 1 ] && [ -f "$1" ] && [ ! -L "$1" ]; then corectl_backup_of "$1" || return 1; fi
  if [ "${corectl_validating:-0}" = 1 ]; then
    corectl_out=$(corectl_validate "$corectl_tmp" 2>&1) || { corectl_rc=$?; echo "$1: failed to validate: rc:$corectl_rc error:$corectl_out" >&2; return 1; }
  fi
  if [ "$6" = 1 ]; then corectl_showdiff "$1" "$corectl_tmp"; fi
  sync -- "$corectl_tmp" 2>/dev/null || :
  mv -Tf -- "$corectl_tmp" "$1" || return 1
  corectl_tmp=''
  corectl_relabel "$1"
  corectl_changed
}
# Check mode must fail where the real run would: an owner or group that does not exist (and that
# no earlier task of the run would have made).
corectl_known_user() {
  case $1 in ''|*[!0-9]*) ;; *) return 0 ;; esac
  [ -z "$1" ] || id -u -- "$1" >/dev/null 2>&1 || corectl_planned user "$1" || { echo "chown failed: failed to look up user $1" >&2; return 1; }
}
corectl_known_group() {
  case $1 in ''|*[!0-9]*) ;; *) return 0 ;; esac
  [ -z "$1" ] || getent group "$1" >/dev/null 2>&1 || corectl_planned group "$1" || { echo "chgrp failed: failed to look up group $1" >&2; return 1; }
}
