#!/usr/bin/env bash
# Linux packages of the frozen bundle: installer/linux/build.sh [DIST_DIR] [OUT_DIR]
#   DIST_DIR  the PyInstaller bundle (default dist/clusterdesk)
#   OUT_DIR   where the .deb and .tar.gz go (default dist)
# Needs dpkg-deb and desktop-file-validate (scripts/dist-deps.sh installs them) and the icons
# the spec made in build/icons.
set -euo pipefail
# Arguments are read from the caller's folder; the defaults from the repository root.
DIST=$(realpath -m "${1:-$(dirname "$0")/../../dist/clusterdesk}")
OUT=$(realpath -m "${2:-$(dirname "$0")/../../dist}")
cd "$(dirname "$0")/../.."
ROOT=$PWD
PY=${PYTHON:-.venv/bin/python}
ICONS=$ROOT/build/icons

for tool in dpkg-deb desktop-file-validate; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: run scripts/dist-deps.sh" >&2; exit 1; }
done
[ -x "$DIST/clusterdesk" ] || { echo "no frozen app at $DIST/clusterdesk: run pyinstaller first" >&2; exit 1; }
[ -d "$ICONS/hicolor" ] || { echo "no icons in $ICONS: run installer/make_icons.py build/icons" >&2; exit 1; }

VERSION=$("$PY" installer/buildinfo.py version)
DEPENDS=$("$PY" installer/buildinfo.py depends)
ARCH=$(dpkg --print-architecture)
MACHINE=$(uname -m)
desktop-file-validate installer/linux/clusterdesk.desktop
mkdir -p "$OUT"

# --- .deb: the bundle in /opt/clusterdesk, a command in /usr/bin, menu entry and icons.
STAGE=$ROOT/build/deb/clusterdesk_${VERSION}_${ARCH}
rm -rf "$STAGE"
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
  "$STAGE/usr/share/icons" "$STAGE/usr/share/doc/clusterdesk"
cp -a "$DIST" "$STAGE/opt/clusterdesk"
ln -s ../../opt/clusterdesk/clusterdesk "$STAGE/usr/bin/clusterdesk"
install -m 0644 installer/linux/clusterdesk.desktop "$STAGE/usr/share/applications/clusterdesk.desktop"
cp -a "$ICONS/hicolor" "$STAGE/usr/share/icons/hicolor"
cat >"$STAGE/usr/share/doc/clusterdesk/copyright" <<COPYRIGHT
ClusterDesk $VERSION, by SPRI (Basque business-development agency). All rights reserved.
Bundled third-party software keeps its own licence: Python (PSF), Qt and PySide6 (LGPLv3),
SQLAlchemy and Alembic (MIT), ReportLab (BSD), pyqtgraph (MIT), NumPy (BSD), Pillow (MIT-CMU),
openpyxl (MIT), platformdirs (MIT), DejaVu fonts (Bitstream Vera licence, in
/opt/clusterdesk/_internal/app/resources/fonts).
COPYRIGHT
find "$STAGE" -type d -exec chmod 0755 {} +
find "$STAGE" -type f -exec chmod go-w {} +
INSTALLED_KB=$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
cat >"$STAGE/DEBIAN/control" <<CONTROL
Package: clusterdesk
Version: $VERSION
Section: misc
Priority: optional
Architecture: $ARCH
Maintainer: SPRI ClusterDesk team <clusterdesk@spri.eus>
Installed-Size: $INSTALLED_KB
Depends: $DEPENDS
Homepage: https://www.spri.eus
Description: workbench of SPRI's Cluster Liaison Officers
 Hours against the 100-hour minimum, board meetings with live notes and
 minutes, action-plan assessments and cluster maturity profiles, offline,
 from a local SQLite file. The data lives in each user's own folder
 (~/.local/share/ClusterDesk) and is never touched by upgrades or removal.
CONTROL
DEB=$OUT/clusterdesk_${VERSION}_${ARCH}.deb
dpkg-deb --root-owner-group -Zxz --build "$STAGE" "$DEB" >/dev/null
echo "built $DEB ($(du -h "$DEB" | cut -f1))"

# --- .tar.gz: the bundle folder, with the menu entry, icon and a per-user installer for them.
TSTAGE=$ROOT/build/tar
rm -rf "$TSTAGE"
mkdir -p "$TSTAGE"
cp -a "$DIST" "$TSTAGE/clusterdesk"
install -m 0644 installer/linux/clusterdesk.desktop "$TSTAGE/clusterdesk/clusterdesk.desktop"
install -m 0644 "$ICONS/png/clusterdesk-256.png" "$TSTAGE/clusterdesk/clusterdesk.png"
install -m 0755 installer/linux/install-desktop-entry.sh "$TSTAGE/clusterdesk/install-desktop-entry.sh"
TGZ=$OUT/clusterdesk-${VERSION}-linux-${MACHINE}.tar.gz
tar -C "$TSTAGE" --owner=0 --group=0 --numeric-owner -czf "$TGZ" clusterdesk
echo "built $TGZ ($(du -h "$TGZ" | cut -f1))"
echo "bundle $DIST: $(du -sh "$DIST" | cut -f1) unpacked"
