#!/usr/bin/env bash
# What `make dist` and `make dist-check` need from the system, installed when missing:
# the tools (dpkg-deb, makensis, desktop-file-validate, Xvfb, xdotool) and the libraries the
# frozen app takes from the system (the .deb's Depends, from installer/buildinfo.py).
# Debian/Ubuntu as root: installed with apt-get. Elsewhere: names what is missing and fails.
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
packages=(dpkg nsis desktop-file-utils xvfb xauth xdotool)
IFS=', ' read -r -a runtime <<<"$("$python" installer/buildinfo.py depends)"
packages+=("${runtime[@]}")

missing=()
for p in "${packages[@]}"; do
  [ -n "$p" ] || continue
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing system packages for the installers: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Building and checking the installers needs these Debian packages: ${missing[*]}" >&2
  echo "Install them (apt-get install ${missing[*]}) and run again." >&2
  exit 1
fi
