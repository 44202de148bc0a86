#!/usr/bin/env bash
# macOS: ClusterDesk.app from the spec, then a compressed .dmg with an Applications shortcut to
# drag it onto. Run on a Mac from the repository root (needs Xcode's command-line tools):
#   python3.11 -m venv .venv && .venv/bin/pip install -e '.[dist]'
#   bash installer/macos/build-dmg.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
[ "$(uname -s)" = Darwin ] || { echo "build-dmg.sh runs on macOS (hdiutil)" >&2; exit 1; }
PY=${PYTHON:-.venv/bin/python}
VERSION=$("$PY" installer/buildinfo.py version)

"$PY" -m PyInstaller installer/clusterdesk.spec --distpath dist --workpath build/pyinstaller \
  --noconfirm --log-level WARN
APP=dist/ClusterDesk.app
plutil -lint "$APP/Contents/Info.plist"
"$APP/Contents/MacOS/clusterdesk" --version   # the frozen app answers before it is packed

STAGE=build/dmg
rm -rf "$STAGE" && mkdir -p "$STAGE"
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
DMG=dist/ClusterDesk-$VERSION.dmg
hdiutil create -volname "ClusterDesk $VERSION" -srcfolder "$STAGE" -ov -format UDZO "$DMG"
hdiutil verify "$DMG"
echo "built $DMG"
