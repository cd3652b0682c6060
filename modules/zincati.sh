# shellcheck shell=sh
# zincati.config, after its file is written: Zincati reads its configuration when it starts, so a
# running one is restarted; where it does not run (or is not installed) the file is all there is.
if [ "$corectl_file_changed" = 1 ] && [ "$(systemctl is-active zincati.service 2>/dev/null)" = active ]; then
  corectl_msg 'zincati restarted to read it'
  if [ "$corectl_check" = 0 ]; then systemctl restart zincati.service || exit 1; fi
fi
