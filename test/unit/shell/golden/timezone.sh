set -- Europe/Paris UTC
zone=$1 rtc=$2
timedated=0
if command -v timedatectl >/dev/null 2>&1 && timedatectl show >/dev/null 2>&1; then timedated=1; fi
if [ -n "$zone" ]; then
  if [ ! -f "/usr/share/zoneinfo/$zone" ]; then echo "given timezone \"$zone\" is not available" >&2; exit 1; fi
  if [ ! -e /etc/localtime ] && [ ! -L /etc/localtime ]; then now=UTC
  else
    now=$(readlink /etc/localtime 2>/dev/null) || now=''
    case $now in
      /usr/share/zoneinfo/* | ../usr/share/zoneinfo/* | /usr/lib/zoneinfo/* | ../usr/lib/zoneinfo/*) now=${now#*/zoneinfo/} ;;
      *) now='n/a' ;;
    esac
  fi
  if [ "$now" != "$zone" ]; then
    corectl_before "$now"; corectl_after "$zone"
    if [ "$corectl_check" = 0 ]; then
      if [ "$timedated" = 1 ]; then timedatectl set-timezone "$zone" || exit 1
      else
        corectl_tmp=/etc/.localtime.corectl.$$
        ln -s "../usr/share/zoneinfo/$zone" "$corectl_tmp" && mv -Tf "$corectl_tmp" /etc/localtime || exit 1
        corectl_tmp=''
      fi
    fi
    corectl_changed
  fi
fi
if [ -n "$rtc" ]; then
  if [ "$(sed -n 3p /etc/adjtime 2>/dev/null)" = LOCAL ]; then now=local; else now=UTC; fi
  if [ "$now" != "$rtc" ]; then
    corectl_before "RTC in $now"; corectl_after "RTC in $rtc"
    if [ "$timedated" = 0 ]; then echo "hwclock: timedatectl does not answer here, and only it sets the RTC mode" >&2; exit 1; fi
    if [ "$corectl_check" = 0 ]; then
      if [ "$rtc" = local ]; then set -- yes; else set -- no; fi
      timedatectl set-local-rtc "$1" 2>/dev/null || { echo "timedatectl set-local-rtc $1 failed" >&2; exit 1; }
    fi
    corectl_changed
  fi
fi
