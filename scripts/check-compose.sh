#!/usr/bin/env bash
# Checks docker-compose.yml offline (no Docker engine runs here): the compose schema with
# Debian's docker-compose (installed if missing), then scripts/check-compose.py's cross-checks.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v docker-compose >/dev/null; then
  echo "[check-compose] installing Debian's docker-compose"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q docker-compose >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q docker-compose >/dev/null; }
fi
docker-compose -f docker-compose.yml config -q
echo "[check-compose] docker-compose.yml matches the compose schema"
python3 scripts/check-compose.py docker-compose.yml
