#!/usr/bin/env bash
# Installs and starts what the test suites need from the machine itself:
# Prometheus (with promtool), Alertmanager (with amtool) and the node exporter
# from Debian, and a running PostgreSQL on 127.0.0.1:5432.
set -euo pipefail

need=()
command -v prometheus >/dev/null || need+=(prometheus)
command -v prometheus-alertmanager >/dev/null || need+=(prometheus-alertmanager)
command -v prometheus-node-exporter >/dev/null || need+=(prometheus-node-exporter)
if ! command -v pg_ctlcluster >/dev/null && ! command -v psql >/dev/null; then
  need+=(postgresql)
fi

if [ "${#need[@]}" -gt 0 ]; then
  echo "install-system-deps: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${need[@]}"
fi

for tool in prometheus promtool prometheus-alertmanager amtool; do
  command -v "$tool" >/dev/null || { echo "install-system-deps: $tool is missing after install" >&2; exit 1; }
done

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "install-system-deps: starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
pg_isready -h 127.0.0.1 -p 5432
