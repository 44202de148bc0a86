#!/usr/bin/env bash
# Adds ClusterDesk (unpacked from the .tar.gz) to your desktop's application menu, for you only:
#   ./install-desktop-entry.sh            menu entry and icon in ~/.local/share
#   ./install-desktop-entry.sh --remove   takes them out again (your data is not touched)
# Run it again after moving the folder.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
ENTRY=$DATA/applications/clusterdesk.desktop
ICON=$DATA/icons/hicolor/256x256/apps/clusterdesk.png

if [ "${1:-}" = "--remove" ]; then
  rm -f "$ENTRY" "$ICON"
  echo "ClusterDesk removed from the menu. Your data in $DATA/ClusterDesk is kept."
  exit 0
fi
[ -x "$HERE/clusterdesk" ] || { echo "run this script from the unpacked clusterdesk folder" >&2; exit 1; }

# The Exec key quotes the path (a folder name may hold spaces); \ " ` $ are escaped per the spec.
exe=$(printf '%s' "$HERE/clusterdesk" | sed -e 's/[\\"`$]/\\\\&/g')
mkdir -p "$(dirname "$ENTRY")" "$(dirname "$ICON")"
install -m 0644 "$HERE/clusterdesk.png" "$ICON"
sed -e "s|^Exec=.*|Exec=\"$exe\"|" -e "s|^TryExec=.*|TryExec=$HERE/clusterdesk|" \
  "$HERE/clusterdesk.desktop" >"$ENTRY.tmp"
mv "$ENTRY.tmp" "$ENTRY"
if command -v update-desktop-database >/dev/null; then
  update-desktop-database -q "$DATA/applications" || true
fi
echo "ClusterDesk added to the application menu ($ENTRY)."
