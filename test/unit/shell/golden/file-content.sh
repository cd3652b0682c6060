set -- /etc/chrony.conf 83fefd09c9c5ad95699e2e532ca5fb328b60be1ea6278e6d585ffb822c003692736cf8ca159977a374fadf6bee0f99d9457ef21549930d025fa74da9ba473fbb 644 '' '' 1 0
corectl_backup=$7
corectl_file "$1" "$2" "$3" "$4" "$5" "$6" || exit 1
