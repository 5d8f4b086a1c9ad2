#!/usr/bin/env bash
# Checks docker-compose.yml against the compose schema offline (no Docker engine runs here),
# with Debian's docker-compose (installed if missing). What the services read is cross-checked
# by system-tests' ComposeFileIT, which ./mvnw verify runs.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v docker-compose >/dev/null; then
  echo "[check-compose] installing Debian's docker-compose"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q docker-compose >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q docker-compose >/dev/null; }
fi
docker-compose -f docker-compose.yml config -q
echo "[check-compose] docker-compose.yml matches the compose schema"
