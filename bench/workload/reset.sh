# shellcheck shell=sh
# Undoes the benchmark workload on a host, so the next run changes everything again.
systemctl disable --now bench-app.service >/dev/null 2>&1 || :
rm -rf /opt/bench /etc/systemd/system/bench-app.service /etc/sysctl.d/90-bench.conf /etc/sysctl.d/*corectl* 2>/dev/null
systemctl daemon-reload
sysctl -q -w net.ipv4.tcp_keepalive_time=7200 net.ipv4.tcp_fin_timeout=60 net.core.somaxconn=4096
