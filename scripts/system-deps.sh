#!/usr/bin/env bash
# Install the system libraries Qt needs to run headless tests, when they are missing.
# Debian/Ubuntu as root: installed with apt-get. Elsewhere: prints what is missing and carries on.
set -euo pipefail

missing=()
need() { # need <soname> <debian-package>
  ldconfig -p 2>/dev/null | grep -q "$1" || missing+=("$2")
}
need libEGL.so.1 libegl1
need libGL.so.1 libgl1
need libfontconfig.so.1 libfontconfig1
need libxkbcommon.so.0 libxkbcommon0
need libdbus-1.so.3 libdbus-1-3
need libglib-2.0.so.0 libglib2.0-0
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing system packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "Qt may need these system packages: ${missing[*]} (install them with your package manager)." >&2
fi
