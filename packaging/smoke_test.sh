#!/usr/bin/env bash
# Smoke test of a frozen build: `bash packaging/smoke_test.sh dist/capi-desktop`.
# Runs the frozen executable offscreen in a throwaway app home: --version, --self-test, a panel
# rendered to PNG, a CLI command that needs phonenumbers/pycountry data, --self-test against a
# real Secret Service (when dbus + gnome-keyring are installed) and a per-user install into a
# temp prefix. Then prints the build size and start-to-first-paint next to the source run.
set -euo pipefail

DIST_DIR=${1:?usage: smoke_test.sh DIST_DIR (e.g. dist/capi-desktop)}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
EXE="$DIST_DIR/capi-desktop"
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
[ -x "$EXE" ] || { echo "smoke test: $EXE not found or not executable (run 'make package')"; exit 1; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export QT_QPA_PLATFORM=offscreen
export CAPI_DESKTOP_HOME="$WORK/home"
step() { printf '\n== %s\n' "$*"; }

step "version"
version_out=$("$EXE" --version)
echo "$version_out"
expected=$("$PYTHON" -c 'from capi_desktop.config import VERSION; print(VERSION)')
case "$version_out" in
  *"$expected"*) ;;
  *) echo "smoke test: expected version $expected"; exit 1 ;;
esac

step "self-test"
"$EXE" --self-test

step "no test-only packages in the build"
# keyrings.alt would quietly store tokens in plain text; pytest has no business in a release.
viewer="$(dirname "$PYTHON")/pyi-archive_viewer"
[ -x "$viewer" ] || { echo "smoke test: $viewer not found (make package installs it)"; exit 1; }
modules=$("$viewer" -b -r "$EXE")
leaked=$(find "$DIST_DIR" \( -name 'keyrings*' -o -name '_pytest' \) | head -5)
leaked+=$(grep -E "^ *'?(keyrings|_pytest|pytest)([.']|$)" <<<"$modules" | head -5 || true)
[ -z "$leaked" ] || { echo "smoke test: test-only packages in the build: $leaked"; exit 1; }
grep -qE "^ *keyring\.backends\.SecretService$" <<<"$modules" \
  || { echo "smoke test: keyring backends missing from the build"; exit 1; }
echo "none found; keyring backends present"

# Every panel, not just one: panels are imported by name, so this proves each one is bundled.
panels=$("$PYTHON" -c 'from capi_desktop.ui.panels.registry import panel_keys; print(*panel_keys())')
for panel in $panels; do
  step "screenshot of the $panel panel"
  png="$WORK/$panel.png"
  "$EXE" screenshot --panel "$panel" --out "$png"
  "$PYTHON" - "$png" <<'EOF'
import sys
from PySide6.QtGui import QImage
image = QImage(sys.argv[1])
assert not image.isNull(), "not a readable PNG"
size = (image.width(), image.height())
assert size == (1280, 800), f"unexpected size {size}"
# A blank or single-colour render has a handful of colours; a window with text has many.
colours = {image.pixel(x, y) for x in range(0, 1280, 4) for y in range(0, 800, 4)}
assert len(colours) > 20, f"only {len(colours)} colours: blank render?"
print(f"PNG {size[0]}x{size[1]}, {len(colours)} distinct colours sampled")
EOF
done

if "$EXE" --help | grep -q '^    hash '; then
  step "phonenumbers and pycountry data in the build (capi-desktop hash)"
  "$EXE" hash ph "+44 20 7946 0958"
  "$EXE" hash country Germany
fi

if command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
  step "self-test with a real Secret Service (throwaway D-Bus session and keyring)"
  mkdir -p "$WORK/keyring-home"
  HOME="$WORK/keyring-home" dbus-run-session -- sh -c \
    'printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null && "$1" --self-test' \
    sh "$EXE" | tee "$WORK/keyring.txt"
  grep -q '^\[ok\]   Keyring: usable' "$WORK/keyring.txt" \
    || { echo "smoke test: the frozen app did not find the Secret Service keyring"; exit 1; }
else
  step "real Secret Service check skipped: install dbus and gnome-keyring to run it"
fi

if command -v xvfb-run >/dev/null; then
  step "main window on a real X server (Xvfb, xcb platform plugin)"
  QT_QPA_PLATFORM=xcb CAPI_DESKTOP_PAINT_PROBE=1 timeout 60 xvfb-run -a "$EXE" 2>/dev/null \
    | grep -qx FIRST-PAINT || { echo "smoke test: the frozen GUI did not paint under Xvfb"; exit 1; }
  echo "main window painted under xcb"
else
  step "Xvfb check skipped: install xvfb and the xcb libraries (.ci/run) to run it"
fi

step "per-user install into a temporary prefix"
PREFIX="$WORK/prefix" bash "$ROOT/packaging/linux/install.sh" "$DIST_DIR"
"$WORK/prefix/bin/capi-desktop" --version
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$WORK/prefix/share/applications/"*.desktop && echo "installed .desktop file validates"
fi
PREFIX="$WORK/prefix" bash "$ROOT/packaging/linux/install.sh" "$DIST_DIR" --uninstall

step "build size"
du -sh "$DIST_DIR"

step "start to first paint"
"$PYTHON" "$ROOT/packaging/startup_time.py" --frozen "$EXE" --runs "${RUNS:-7}"

printf '\nsmoke test passed\n'
