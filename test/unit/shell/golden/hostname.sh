set -- ns1.example.net ff3e1eaed9f1837d27fdc2a76fdd022bf5b9f9da20e17212bb37f458ede3bd660f15d0c5bfcd0515743517ce748a147fa48731f5488901cdb68ec94a83d1cd83 1
name=$1
corectl_file /etc/hostname "$2" 644 '' '' "$3" || exit 1
now=$(cat /proc/sys/kernel/hostname)
if [ "$now" != "$name" ]; then
  corectl_before "$now"; corectl_after "$name"
  if [ "$corectl_check" = 0 ]; then hostname "$name" || exit 1; fi
  corectl_changed
fi
