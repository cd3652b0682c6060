# shellcheck shell=sh
# directory: $1 path, $2 mode, $3 owner, $4 group (empty: leave), $5 recurse (1/0), $6 follow
# links when recursing (1/0, empty: not said).
p=$1 mode=$2 owner=$3 group=$4 recurse=$5 follow=$6
# Links inside the tree: `follow` unset, one that points outside it is refused before anything
# changes (Ansible's default, follow: true, would change what it points to); follow false leaves
# what links point to (a link gets the owner and group itself); follow true changes it, as Ansible.
corectl_recurse_names() {
  case "$p" in *'
'*) echo "recurse: a path with a newline in it is not supported" >&2; exit 1 ;; esac
  if [ -n "$(find "$p" -name '*
*' -print -quit)" ]; then echo "recurse: $p holds a name with a newline in it, which is not supported" >&2; exit 1; fi
  corectl_mkscratch || exit 1
  find "$p" -mindepth 1 -type l > "$corectl_scratch" || exit 1
  [ -n "$follow" ] || while IFS= read -r f; do
    t=$(readlink -f -- "$f") || continue
    [ -e "$t" ] || continue
    case "$t/" in "$p"/*) ;; *) echo "recurse: $f is a symbolic link to $t, outside $p: Ansible (follow defaults to true) would change $t; corectl refuses: give follow: false to leave what links point to, or follow: true to change it too" >&2; exit 1 ;; esac
  done < "$corectl_scratch"
}
corectl_recurse() {
  outside=''
  while IFS= read -r f; do
    corectl_meta "$f" '' "$owner" "$group" || exit 1
    [ "$follow" = 1 ] || continue
    t=$(readlink -f -- "$f") || continue
    [ -e "$t" ] || continue
    corectl_meta "$t" "$mode" "$owner" "$group" || exit 1
    # A directory a link points to outside the tree is walked too, as Ansible walks it.
    if [ -d "$t" ]; then case "$t/" in "$p"/*) ;; *) outside="$outside$t
" ;; esac; fi
  done < "$corectl_scratch"
  find "$p" -mindepth 1 ! -type l > "$corectl_scratch" || exit 1
  if [ -n "$outside" ]; then printf '%s' "$outside" | while IFS= read -r d; do find "$d" -mindepth 1 ! -type l || exit 1; done >> "$corectl_scratch" || exit 1; fi
  while IFS= read -r f; do corectl_meta "$f" "$mode" "$owner" "$group" || exit 1; done < "$corectl_scratch"
}
if [ -L "$p" ]; then p=$(readlink -f -- "$p") || exit 1; fi
if [ -d "$p" ]; then
  # Decided before anything changes: a refusal leaves the tree as it was.
  if [ "$recurse" = 1 ]; then corectl_recurse_names; fi
  corectl_meta "$p" "$mode" "$owner" "$group" || exit 1
  if [ "$recurse" = 1 ]; then corectl_recurse; fi
elif [ -e "$p" ]; then
  echo "$p already exists as a $(stat -c %F -- "$p")" >&2; exit 1
else
  corectl_msg "directory is missing"
  corectl_known_user "$owner" && corectl_known_group "$group" || exit 1
  corectl_make_dirs "$p" "$mode" "$owner" "$group" || exit 1
fi
