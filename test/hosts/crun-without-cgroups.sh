#!/bin/sh
# crun for test hosts, whose cgroup v1 controllers (the controller machine's) are read-only: every
# container runs without cgroups of its own. containers.conf's `cgroups = "disabled"` covers the
# containers podman creates from a spec, but not the service container of `podman kube play`
# (quadlet .kube units), which always asks for systemd's cgroups.
skip=0
for arg do
  shift
  if [ "$skip" = 1 ]; then skip=0; continue; fi
  case $arg in
    --systemd-cgroup | --cgroup-manager=*) continue ;;
    --cgroup-manager) skip=1; continue ;;
  esac
  set -- "$@" "$arg"
done
exec /usr/bin/crun --cgroup-manager=disabled "$@"
