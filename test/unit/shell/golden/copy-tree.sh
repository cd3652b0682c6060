set -- /etc/app 't
d conf.d
f 01e7573bfe761cb9e0636cfbf537cb10df4939019f0ee7749c3e0f524dd13dafdc798f4569b1e92486a6a2844df332b6a8aed9df0da8cdd557eaf88140f41b92 12 app.conf
f 2c4901dc80729b65e1b07ad74b34d5ebc1c4bb0271865bef29f1c2e2f5a12c51bffd6ef9e97beb75254138fcfd025ac3653bca3a9eff3f1d2cb598da7289406c 7 conf.d/10-tls.conf' 640 750 '' '' 1 0 1
top=$1 manifest=$2 fmode=$3 dmode=$4 owner=$5 group=$6 showdiff=$7 backup=$8 delete=$9
corectl_known_user "$owner" && corectl_known_group "$group" || exit 1
if [ -e "$top" ] && [ ! -d "$top" ]; then echo "$top exists and is not a directory" >&2; exit 1; fi

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
reading=0
if [ "$differ" = 1 ] && { [ "$corectl_check" = 0 ] || [ "$showdiff" = 1 ]; }; then reading=1; corectl_need_stdin; fi

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

[ "$delete" = 1 ] && [ -d "$top" ] || exit 0
cd -- "$top" || exit 1
if [ -n "$(find . -mindepth 1 -name '*
*' -print -quit)" ]; then echo "delete: $top holds a name with a newline in it, which is not supported" >&2; exit 1; fi
printf '%s\n' "$manifest" | sed -n 's/^d //p; s/^f [^ ]* [^ ]* //p; s/^l \([^	]*\)	.*/\1/p' | LC_ALL=C sort > "$corectl_scratch" || exit 1
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
