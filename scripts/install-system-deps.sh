#!/usr/bin/env bash
# Installs the Debian packages the real-server tests need (listed in test/system-requirements.json).
# Run as root (CI is). Postfix is preseeded to "No configuration" and PostgreSQL creates no main
# cluster: the tests run private instances, and no system MTA or database is configured or started.
set -euo pipefail
cd "$(dirname "$0")/.."
pkgs=$(node -e 'const r=require("./test/system-requirements.json");const fs=require("fs");
const miss=r.filter(x=>!x.paths.some(p=>fs.existsSync(p))).map(x=>x.package);
console.log([...new Set(miss)].join(" "))')
if [ -z "$pkgs" ]; then echo "system packages: all present"; exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "Run as root: apt-get install -y --no-install-recommends $pkgs" >&2
  exit 1
fi
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
# PostgreSQL: no system cluster is created (so none is started); the tests run their own server.
mkdir -p /etc/postgresql-common/createcluster.d
echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.d/mxdoctor-tests.conf
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $pkgs
