corectl_ensure_dir /etc/zincati/config.d || exit 1
set -- /etc/zincati/config.d/90-corectl.toml 64131e44dd6b807f164b5dce48058f25031f81cba392df35d72f96779fafb509563b6e39b6d4f71f4bdb86fd50e3194e32798a6e6bf94760d01f7a49b903c73e 644 '' '' 1 0
corectl_backup=$7
corectl_file "$1" "$2" "$3" "$4" "$5" "$6" || exit 1
if [ "$corectl_file_changed" = 1 ] && [ "$(systemctl is-active zincati.service 2>/dev/null)" = active ]; then
  corectl_msg 'zincati restarted to read it'
  if [ "$corectl_check" = 0 ]; then systemctl restart zincati.service || exit 1; fi
fi
