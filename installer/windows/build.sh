#!/usr/bin/env bash
# Compile the ClusterDesk Windows installer with makensis (NSIS 3; Debian package "nsis").
#
#   installer/windows/build.sh DIST_DIR ICON OUTFILE [VERSION]
#
#   DIST_DIR  the PyInstaller onedir bundle built on Windows (holds ClusterDesk.exe and _internal/)
#   ICON      the application .ico (build/icons/clusterdesk.ico)
#   OUTFILE   the installer .exe to write, e.g. dist/ClusterDesk-0.1.0-setup.exe
#   VERSION   defaults to the version in pyproject.toml
#
# Environment: COMPRESSOR=zlib for a quick compile check (default: lzma, solid).
# Runs from any directory; relative paths are taken from the current directory.
set -euo pipefail

usage() {
    echo "usage: $0 DIST_DIR ICON OUTFILE [VERSION]" >&2
    echo "  e.g. $0 dist/clusterdesk build/icons/clusterdesk.ico dist/ClusterDesk-setup.exe" >&2
    exit 2
}
die() {
    echo "build.sh: $*" >&2
    exit 1
}

[[ $# -ge 3 && $# -le 4 ]] || usage

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
nsi="$here/clusterdesk.nsi"

command -v makensis >/dev/null 2>&1 ||
    die "makensis not found. Install NSIS: on Debian/Ubuntu 'apt-get install nsis', on Windows https://nsis.sourceforge.io/"

[[ -d $1 ]] || die "DIST_DIR '$1' is not a folder"
dist_dir="$(cd "$1" && pwd)"
[[ -f $dist_dir/ClusterDesk.exe ]] || die "DIST_DIR '$dist_dir' has no ClusterDesk.exe (expected the PyInstaller bundle folder dist/clusterdesk)"
[[ -d $dist_dir/_internal ]] || die "DIST_DIR '$dist_dir' has no _internal folder (expected a PyInstaller onedir bundle)"

[[ -f $2 ]] || die "ICON '$2' does not exist"
icon="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"

out_parent="$(dirname "$3")"
mkdir -p "$out_parent"
outfile="$(cd "$out_parent" && pwd)/$(basename "$3")"

if [[ $# -ge 4 ]]; then
    version="$4"
else
    # The version = "..." line of the [project] table.
    version="$(awk '
        /^\[/ { in_project = ($0 == "[project]") }
        in_project && /^version[[:space:]]*=/ {
            sub(/^version[[:space:]]*=[[:space:]]*"/, ""); sub(/".*$/, ""); print; exit
        }' "$root/pyproject.toml")"
    [[ -n $version ]] || die "could not read the version from $root/pyproject.toml; pass it as the 4th argument"
fi
[[ $version =~ ^[0-9]+(\.[0-9]+)*([A-Za-z0-9.+-]*)$ ]] || die "VERSION '$version' does not look like a version number"
# NSIS reads a number with a leading zero as octal (08 -> 0): refuse rather than mis-compare.
[[ $version =~ (^|\.)0[0-9] ]] && die "VERSION '$version' has a part with a leading zero (e.g. 08): NSIS would read it as octal; write 8"

args=(-V2 -WX
    "-DVERSION=$version"
    "-DDIST_DIR=$dist_dir"
    "-DICON=$icon"
    "-DOUTFILE=$outfile")
if [[ -n ${COMPRESSOR:-} ]]; then
    args+=("-DCOMPRESSOR=$COMPRESSOR")
fi

echo "makensis ${args[*]} $nsi"
rm -f "$outfile"
start=$(date +%s)
makensis "${args[@]}" "$nsi" || die "makensis failed (exit $?)"
[[ -s $outfile ]] || die "makensis succeeded but $outfile was not written"
echo "Wrote $outfile ($(du -h "$outfile" | cut -f1), ClusterDesk $version, compressor ${COMPRESSOR:-lzma}, $(($(date +%s) - start)) s)"
