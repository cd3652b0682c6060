u=''
sc() { systemctl  "$@"; }
corectl_msg "daemon-reload"; if [ "$corectl_check" = 0 ]; then sc daemon-reload || exit 1; fi
