# shellcheck shell=sh
# copyTree: a directory tree from the controller, as Ansible's copy with a directory as src.
# $1 the tree's top on the host, $2 the manifest, one line per entry in walk order (parents first):
# `t` the top itself, `d REL` a directory of the source, `f HASH SIZE REL` a file, `l REL<tab>TARGET`
# a link the source has that cannot be followed (it is copied as a link); $3 the files'
# mode, $4 the directories' mode, $5 owner, $6 group (empty: leave), $7 show diffs (1/0), $8 keep a
# backup of a replaced file (1/0), $9 remove what is under the top and not in the source (1/0).
# The files' contents come on stdin, one after another in manifest order, only when one is written
# or diffed: GNU head -c takes each, and reads no byte beyond it.
top=$1 manifest=$2 fmode=$3 dmode=$4 owner=$5 group=$6 showdiff=$7 backup=$8 delete=$9
corectl_known_user "$owner" && corectl_known_group "$group" || exit 1
if [ -e "$top" ] && [ ! -d "$top" ]; then echo "$top exists and is not a directory" >&2; exit 1; fi

# Decided before anything changes: which files differ (`w`) and which hold their content (`s`).
differ=0 plan=''
while IFS= read -r line; do
  case $line in
    f\ *)
      rest=${line#f }; hash=${rest%% *}; rest=${rest#* }; rel=${rest#* }
      f=$top/$rel
      if [ -f "$f" ] && [ ! -L "$f" ] && corectl_hash_of "$f" "$hash" && [ "$corectl_hash" = "$hash" ]; then plan="${plan}s $line
"
      else plan="${plan}w $line
"; differ=1; fi ;;
    *) plan="${plan}  $line
" ;;
  esac
done <<corectl_EOF
$manifest
corectl_EOF
# The contents are needed to write a file or to show its diff.
reading=0
if [ "$differ" = 1 ] && { [ "$corectl_check" = 0 ] || [ "$showdiff" = 1 ]; }; then reading=1; corectl_need_stdin; fi

# Then in manifest order (the order the contents come in): directories made where missing, with
# parents, each with the metadata (Ansible's mkdir -p), and the source's own directories given it
# even when they were there; files written or given their metadata. The plan is read on fd 3:
# stdin is the contents. Each file's content is taken into the step's private scratch file.
corectl_mkscratch || exit 1
while IFS= read -r line <&3; do
  kind=${line%% *}; line=${line#??}
  case $line in
    f\ *) entry=${line#f }; hash=${entry%% *}; entry=${entry#* }; size=${entry%% *}; rel=${entry#* } ;;
    d\ *) rel=${line#d } ;;
    l\ *) rel=${line#l }; target=${rel#*	}; rel=${rel%%	*} ;;
    *) rel='' ;;
  esac
  corectl_msg_for=${rel:-.}
  case $line in
    t) if [ ! -d "$top" ]; then corectl_msg "directory is missing"; corectl_make_dirs "$top" "$dmode" "$owner" "$group" || exit 1; fi ;;
    d\ *)
      if [ -d "$top/$rel" ]; then corectl_meta "$top/$rel" "$dmode" "$owner" "$group" || exit 1
      else corectl_msg "directory is missing"; corectl_make_dirs "$top/$rel" "$dmode" "$owner" "$group" || exit 1; fi ;;
    f\ *)
      if [ "$kind" = s ]; then
        corectl_meta "$top/$rel" "$fmode" "$owner" "$group" || exit 1
        if [ "$reading" = 1 ]; then head -c "$size" > /dev/null || exit 1; fi
        continue
      fi
      # This file's content, on corectl_file's own stdin: never the step's stdin as a whole.
      unset corectl_stdin_text
      corectl_stdin=$reading corectl_backup=$backup
      if [ "$reading" = 1 ]; then
        head -c "$size" > "$corectl_scratch" || exit 1
        corectl_file "$top/$rel" "$hash" "$fmode" "$owner" "$group" "$showdiff" < "$corectl_scratch" || exit 1
      else
        corectl_file "$top/$rel" "$hash" "$fmode" "$owner" "$group" "$showdiff" < /dev/null || exit 1
      fi ;;
    l\ *)
      if [ -L "$top/$rel" ] && [ "$(readlink -- "$top/$rel")" = "$target" ]; then continue; fi
      if [ -d "$top/$rel" ] && [ ! -L "$top/$rel" ]; then echo "$top/$rel is a directory where the source has a link" >&2; exit 1; fi
      corectl_msg "link to $target"
      corectl_act ln -sfn -- "$target" "$top/$rel" || exit 1 ;;
  esac
done 3<<corectl_EOF
$plan
corectl_EOF
corectl_msg_for=''

# What the source does not have, only when asked: a directory goes with all it holds.
[ "$delete" = 1 ] && [ -d "$top" ] || exit 0
cd -- "$top" || exit 1
if [ -n "$(find . -mindepth 1 -name '*
*' -print -quit)" ]; then echo "delete: $top holds a name with a newline in it, which is not supported" >&2; exit 1; fi
printf '%s\n' "$manifest" | sed -n 's/^d //p; s/^f [^ ]* [^ ]* //p; s/^l \([^	]*\)	.*/\1/p' | LC_ALL=C sort > "$corectl_scratch" || exit 1
# What goes with a directory that goes is not named again: an entry is skipped when one of the
# directories it is in went (listed one per line in $gone).
find . -mindepth 1 | sed 's|^\./||' | LC_ALL=C sort | LC_ALL=C comm -23 - "$corectl_scratch" | {
  gone='
'
  while IFS= read -r rel; do
    up=$rel
    while case $up in */*) true ;; *) false ;; esac; do
      up=${up%/*}
      case $gone in *"
$up
"*) continue 2 ;; esac
    done
    gone="$gone$rel
"
    corectl_msg "removed $rel"
    corectl_act rm -rf -- "$top/$rel" || exit 1
  done
} || exit 1
