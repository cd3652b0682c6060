corectl_file /etc/hostname ff3e1eaed9f1837d27fdc2a76fdd022bf5b9f9da20e17212bb37f458ede3bd660f15d0c5bfcd0515743517ce748a147fa48731f5488901cdb68ec94a83d1cd83 644 '' '' 1 || exit 1
now=$(cat /proc/sys/kernel/hostname)
if [ "$now" != ns1.example.net ]; then
  corectl_before "$now"; corectl_after ns1.example.net
  if [ "$corectl_check" = 0 ]; then hostname ns1.example.net || exit 1; fi
  corectl_changed
fi
