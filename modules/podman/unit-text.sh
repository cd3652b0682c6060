# shellcheck shell=sh
# quadlet_unit_text PATH TEXT SHOWDIFF: a short quadlet unit made from a module's options, for a
# step whose stdin is another file's (kube's YAML, build's Containerfile). Compared as it is, and
# written atomically when it differs (in check mode only said); sets unit_changed=1 then.
quadlet_unit_text() {
  if [ -f "$1" ] && printf '%s' "$2" | cmp -s - "$1"; then return 0; fi
  unit_changed=1
  if [ -f "$1" ]; then corectl_msg 'unit differs'; else corectl_msg 'unit is missing'; fi
  if [ "$3" = 1 ]; then printf '%s' "$2" | corectl_showdiff "$1" -; fi
  if [ "$corectl_check" = 0 ]; then
    corectl_clean_stale "$1"
    qt_tmp=$corectl_dir/.$corectl_base.corectl.$corectl_nonce
    printf '%s' "$2" > "$qt_tmp" && chmod 644 "$qt_tmp" && mv -Tf -- "$qt_tmp" "$1" || { rm -f -- "$qt_tmp"; return 1; }
    corectl_relabel "$1"
  fi
  corectl_changed
}
