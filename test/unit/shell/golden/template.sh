set -- /etc/motd b2b81c691d019cc5ab06ee749005209372ed762248ba5a28f654461bfa0b4ad26a3753e65a848e3bcc47df2cf35cad717d7a9f4c562940f22f1b8a57b1dce0e1 '' '' '' 1 0
corectl_backup=$7
corectl_file "$1" "$2" "$3" "$4" "$5" "$6" || exit 1
