#!/usr/bin/env bash
# Install the headless browser the dashboard's end-to-end tests drive:
# Debian's chromium and its matching chromedriver (the packages are built
# together, so their versions always agree).  Safe to run again: it does
# nothing when both are already on PATH.
set -euo pipefail
command -v chromium >/dev/null && command -v chromedriver >/dev/null && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
