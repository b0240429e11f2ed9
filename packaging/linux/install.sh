#!/usr/bin/env bash
# Install a frozen Linux build for one user (or system-wide with PREFIX=/usr/local, as root):
#   bash packaging/linux/install.sh dist/capi-desktop            # -> ~/.local
#   PREFIX=/opt/x bash packaging/linux/install.sh dist/capi-desktop
# Copies the build to PREFIX/lib/capi-desktop, links PREFIX/bin/capi-desktop, and installs the
# .desktop file (with an absolute Exec, since ~/.local/bin is often not on a launcher's PATH),
# the AppStream metainfo and the hicolor icons. Uninstall: the same command with --uninstall.
set -euo pipefail

DIST_DIR=${1:?usage: install.sh DIST_DIR [--uninstall]}
PREFIX=${PREFIX:-$HOME/.local}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
APP_ID=$(sed -n 's/^APP_ID = "\(.*\)"$/\1/p' "$ROOT/capi_desktop/config.py")
[ -n "$APP_ID" ] || { echo "install.sh: APP_ID not found in capi_desktop/config.py"; exit 1; }

LIB="$PREFIX/lib/capi-desktop"
BIN="$PREFIX/bin/capi-desktop"
APPS="$PREFIX/share/applications"
METAINFO="$PREFIX/share/metainfo"
ICONS="$PREFIX/share/icons/hicolor"

if [ "${2:-}" = "--uninstall" ]; then
  rm -rf "$LIB" "$BIN" "$APPS/$APP_ID.desktop" "$METAINFO/$APP_ID.metainfo.xml"
  find "$ICONS" -name "$APP_ID.png" -delete 2>/dev/null || true
  echo "removed CAPI Desktop from $PREFIX"
  exit 0
fi

[ -x "$DIST_DIR/capi-desktop" ] || { echo "install.sh: $DIST_DIR/capi-desktop not found (run 'make package')"; exit 1; }
mkdir -p "$LIB" "$PREFIX/bin" "$APPS" "$METAINFO" "$ICONS"
rm -rf "$LIB"
cp -a "$DIST_DIR" "$LIB"
ln -sf "$LIB/capi-desktop" "$BIN"
sed -e "s|^Exec=capi-desktop|Exec=$BIN|" -e "s|^TryExec=capi-desktop|TryExec=$BIN|" \
  "$ROOT/resources/desktop/$APP_ID.desktop" >"$APPS/$APP_ID.desktop"
cp "$ROOT/resources/desktop/$APP_ID.metainfo.xml" "$METAINFO/"
cp -r "$ROOT/resources/icons/hicolor/." "$ICONS/"
# Refresh caches when the tools exist; desktops pick the files up on next login otherwise.
command -v update-desktop-database >/dev/null && update-desktop-database -q "$APPS" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$ICONS" || true
echo "installed CAPI Desktop to $LIB; run it from the app menu or as $BIN"
