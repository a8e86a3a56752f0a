#!/usr/bin/env bash
# Add 法治报告审查台 to the desktop menu of the current user and make *.fzreview.json open in it.
#   fzreview/linux/install-desktop.sh          (in the unpacked bundle: uses the bundle's fzreview)
#   packaging/linux/install-desktop.sh [PATH/TO/fzreview]   (a wheel install: the fzreview on PATH)
# Needs xdg-utils (xdg-mime, xdg-icon-resource).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
exe="${1:-}"
[ -z "$exe" ] && [ -x "$here/../fzreview" ] && exe="$here/../fzreview"  # inside the bundle: dist/fzreview/linux/
[ -z "$exe" ] && exe="$(command -v fzreview || true)"
[ -n "$exe" ] || { echo "fzreview not found: pass the path of the fzreview executable" >&2; exit 1; }
exe="$(readlink -f "$exe")"
icons="$here/../../assets/icons"
[ -d "$icons" ] || icons="$(dirname "$exe")/_internal/fzreview/assets/icons"  # inside the bundle
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
mkdir -p "$apps"
sed "s|^Exec=.*|Exec=\"$exe\" %f|" "$here/fzreview.desktop" > "$apps/fzreview.desktop"
for size in 16 24 32 48 64 128 256; do
  xdg-icon-resource install --mode user --noupdate --novendor --size "$size" "$icons/fzreview-$size.png" fzreview
done
xdg-icon-resource forceupdate --mode user || true
xdg-mime install --mode user --novendor "$here/fzreview-mime.xml"
xdg-mime default fzreview.desktop application/x-fzreview+json
update-desktop-database "$apps" 2>/dev/null || true
echo "installed: $apps/fzreview.desktop (Exec $exe)"
