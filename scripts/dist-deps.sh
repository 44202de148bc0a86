#!/usr/bin/env bash
# What `make dist` and `make dist-check` need from the system, installed when missing:
# the tools (objdump/objcopy/strip for PyInstaller, dpkg-deb, makensis, desktop-file-validate,
# Xvfb, xdotool, 7z to list the Windows installer) and the libraries the
# frozen app takes from the system (the .deb's Depends, from installer/buildinfo.py).
# Debian/Ubuntu as root: installed with apt-get. Elsewhere: names what is missing and fails.
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
packages=(binutils dpkg nsis desktop-file-utils xvfb xauth xdotool p7zip-full)
read -r -a runtime <<<"$("$python" installer/buildinfo.py packages)"
packages+=("${runtime[@]}")
# PyInstaller bundles libpython: a Python built without a shared one (Debian's python3.11)
# needs the separate libpython3.X package.
if [ "$("$python" -c 'import sysconfig; print(sysconfig.get_config_var("Py_ENABLE_SHARED"))')" != 1 ]; then
  packages+=("$("$python" -c 'import sys; print("libpython%d.%d" % sys.version_info[:2])')")
fi

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
