#!/usr/bin/env bash
# Build the Linux one-folder bundle: dist/fzreview/ (run it as dist/fzreview/fzreview).
#
#   packaging/build.sh                      # a build venv (build/bundle-venv) with the app's deps
#   PYTHON=/path/to/python packaging/build.sh   # an interpreter that already has deps + pyinstaller
#   FZREVIEW_BUNDLE_OCR=0 packaging/build.sh    # without the OCR extra (a much smaller bundle)
#
# Then smoke-tests the bundle: `check` on the bundled sample and the GUI offscreen until
# its first paint; prints the bundle's size and the build time.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)

if [ -z "${PYTHON:-}" ]; then
  python3 -m venv build/bundle-venv
  PYTHON=build/bundle-venv/bin/python
  extra=".[ocr]"; [ "${FZREVIEW_BUNDLE_OCR:-1}" = 0 ] && extra="."
  "$PYTHON" -m pip install -q --upgrade pip
  # The app's dependencies (not the app itself: the spec stages it from this checkout).
  "$PYTHON" -m pip install -q "$extra" pyinstaller
  "$PYTHON" -m pip uninstall -q -y fzreview
fi

rm -rf dist/fzreview build/fzreview
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/fzreview.spec

cp -r packaging/linux dist/fzreview/linux  # install-desktop.sh: menu entry, icon, *.fzreview.json type
built=$(date +%s)
exe=dist/fzreview/fzreview
sample=dist/fzreview/_internal/fzreview/assets/samples/sample-report.txt
smoke=$(mktemp -d)
(cd "$smoke" && "$OLDPWD/$exe" check "$OLDPWD/$sample" --pdf out.pdf > check.txt)
grep -q "覆盖" "$smoke/check.txt" && [ -s "$smoke/out.pdf" ] || { echo "smoke: check failed" >&2; exit 1; }
QT_QPA_PLATFORM=offscreen FZREVIEW_SMOKE=1 FZREVIEW_RECOVERY_DIR="$smoke" XDG_CONFIG_HOME="$smoke" \
  "$exe" | tee "$smoke/gui.txt"
grep -q "fzreview smoke: painted" "$smoke/gui.txt" || { echo "smoke: GUI did not start" >&2; exit 1; }
rm -rf "$smoke"

echo "bundle: dist/fzreview  $(du -sh dist/fzreview | cut -f1)  ($(find dist/fzreview -type f | wc -l) files)"
echo "build time: $((built - start)) s  (smoke tests passed)"
echo "archive for users: tar -C dist -czf fzreview-linux-x86_64.tar.gz fzreview"
