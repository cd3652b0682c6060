# shellcheck shell=sh
# absent: $1 a path; whatever is there goes (a file, a link, a whole tree).
p=$1
if [ -e "$p" ] || [ -L "$p" ]; then
  corectl_msg "exists"
  corectl_act rm -rf -- "$p" || exit 1
fi
