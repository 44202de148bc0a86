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

case ${1:-} in
  "" | --remove) ;;
  *)
    echo "unknown option '$1': run it alone to add ClusterDesk to the menu, or with --remove" >&2
    exit 2
    ;;
esac
if [ "${1:-}" = "--remove" ]; then
  rm -f "$ENTRY" "$ICON"
  echo "ClusterDesk removed from the menu. Your data in $DATA/ClusterDesk is kept."
  exit 0
fi
[ -x "$HERE/clusterdesk" ] || { echo "run this script from the unpacked clusterdesk folder" >&2; exit 1; }

# Desktop-entry escaping: the Exec path goes in double quotes, where \ " ` $ take a backslash;
# the value is then a string, where every \ is doubled, and % is written %%. TryExec is a
# plain string (\ doubled).
exe=$HERE/clusterdesk
quoted=${exe//\\/\\\\}
quoted=${quoted//\"/\\\"}
quoted=${quoted//\`/\\\`}
quoted=${quoted//\$/\\\$}
quoted=${quoted//\\/\\\\}
quoted=${quoted//%/%%}
try=${exe//\\/\\\\}

mkdir -p "$(dirname "$ENTRY")" "$(dirname "$ICON")"
install -m 0644 "$HERE/clusterdesk.png" "$ICON"
while IFS= read -r line || [ -n "$line" ]; do
  case $line in
    Exec=*) printf 'Exec="%s"\n' "$quoted" ;;
    TryExec=*) printf 'TryExec=%s\n' "$try" ;;
    *) printf '%s\n' "$line" ;;
  esac
done <"$HERE/clusterdesk.desktop" >"$ENTRY.tmp"
mv "$ENTRY.tmp" "$ENTRY"
if command -v update-desktop-database >/dev/null; then
  update-desktop-database -q "$DATA/applications" || true
fi
echo "ClusterDesk added to the application menu ($ENTRY)."
