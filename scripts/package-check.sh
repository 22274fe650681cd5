#!/usr/bin/env bash
# Builds the DEB with CPack, installs it with apt, checks the installed program (--version, a
# short --headless smoke run that answers one GT06 login), the desktop integration (AppStream,
# .desktop, hicolor icons) and the service files, then removes the package again.
#   scripts/package-check.sh [BUILD_DIR]      (default: build/ci; must be configured already)
# Needs root or sudo (apt-get install/remove), appstream, desktop-file-utils, python3 or bash.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR="$(realpath "${1:-build/ci}")"
APP_ID=org.fleetwatch.FleetWatch
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive

WORK="$(mktemp -d /tmp/fw-package-check.XXXXXX)"
SMOKE_PID=""
INSTALLED_BY_US=0
cleanup() {
    if [ -n "$SMOKE_PID" ] && kill -0 "$SMOKE_PID" 2>/dev/null; then
        kill -KILL "$SMOKE_PID" 2>/dev/null || true
    fi
    if [ "$INSTALLED_BY_US" -eq 1 ] && dpkg-query -W -f='${Status}' fleetwatch 2>/dev/null \
        | grep -q "install ok installed"; then
        echo "==> cleaning up: removing fleetwatch"
        $SUDO apt-get remove -y -q fleetwatch >/dev/null 2>&1 || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

fail() {
    echo "package-check: FAILED: $*" >&2
    exit 1
}
step() { echo "==> $*"; }

[ -f "$BUILD_DIR/CPackConfig.cmake" ] \
    || fail "$BUILD_DIR is not a configured build with packaging (no CPackConfig.cmake)"
VERSION="$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$BUILD_DIR/CMakeCache.txt")"
[ -n "$VERSION" ] || fail "no project version in $BUILD_DIR/CMakeCache.txt"

# --- build the DEB -----------------------------------------------------------------------------
step "building $BUILD_DIR"
cmake --build "$BUILD_DIR" -j"${FW_BUILD_JOBS:-2}"
step "cpack -G DEB"
rm -rf "$BUILD_DIR/package"
(cd "$BUILD_DIR" && cpack -G DEB -B "$BUILD_DIR/package" >"$WORK/cpack.log" 2>&1) \
    || { cat "$WORK/cpack.log" >&2; fail "cpack"; }
DEBS=("$BUILD_DIR"/package/fleetwatch_*.deb)
[ -f "${DEBS[0]}" ] || fail "cpack made no fleetwatch_*.deb"
DEB="${DEBS[0]}"
echo "    $(basename "$DEB") ($(du -h "$DEB" | cut -f1))"
DEPENDS="$(dpkg-deb -f "$DEB" Depends)"
echo "    Depends: $DEPENDS"
for dep in libqt6core6 libqt6widgets6 libqt6sql6-sqlite libqt6sql6-psql qt6-qpa-plugins \
    libqt6svg6 adduser; do
    grep -qE "(^|[ ,])$dep([ ,(]|$)" <<<"$DEPENDS" || fail "Depends lacks $dep"
done
[ "$(dpkg-deb -f "$DEB" Version)" = "$VERSION" ] || fail "package version is not $VERSION"

# --- install -----------------------------------------------------------------------------------
step "apt-get install $(basename "$DEB")"
if dpkg-query -W -f='${Status}' fleetwatch 2>/dev/null | grep -q "install ok installed"; then
    echo "    (fleetwatch was already installed; it is replaced and removed at the end)"
fi
INSTALLED_BY_US=1
# apt needs a path with a slash to treat the argument as a file.
$SUDO apt-get install -y -q "$DEB" >"$WORK/apt-install.log" 2>&1 \
    || { cat "$WORK/apt-install.log" >&2; fail "apt-get install"; }

step "installed fleetwatch --version"
[ -x /usr/bin/fleetwatch ] || fail "/usr/bin/fleetwatch is not installed"
got="$(/usr/bin/fleetwatch --version)"
[ "$got" = "FleetWatch $VERSION" ] || fail "--version printed \"$got\", expected \"FleetWatch $VERSION\""
echo "    $got"

# --- headless smoke run from the installed files -----------------------------------------------
step "headless smoke run (GT06 login)"
free_port() {
    if command -v python3 >/dev/null; then
        python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
    else
        echo $((20000 + RANDOM % 20000))
    fi
}
PORT="$(free_port)"
# The installed settings file is read too (command-line options win), which checks that it parses.
# --register-unknown: the node answers only known devices, and the smoke database is empty.
/usr/bin/fleetwatch --headless --config /etc/fleetwatch/headless.conf \
    --db "sqlite:$WORK/smoke.sqlite" --listen "gt06=$PORT" --bind 127.0.0.1 --stats-interval 1 \
    --register-unknown >"$WORK/smoke.out" 2>"$WORK/smoke.err" &
SMOKE_PID=$!
for _ in $(seq 1 100); do
    grep -q "listening on" "$WORK/smoke.err" 2>/dev/null && break
    kill -0 "$SMOKE_PID" 2>/dev/null || { cat "$WORK/smoke.err" >&2; fail "headless node exited early"; }
    sleep 0.1
done
grep -q "listening on" "$WORK/smoke.err" || { cat "$WORK/smoke.err" >&2; fail "node not listening"; }

LOGIN=78780d0108647170032835810001b34c0d0a
EXPECTED=787805010001d9dc0d0a
if command -v python3 >/dev/null; then
    REPLY="$(python3 - "$PORT" "$LOGIN" "${#EXPECTED}" <<'EOF'
import socket, sys
port, frame, want = int(sys.argv[1]), bytes.fromhex(sys.argv[2]), int(sys.argv[3]) // 2
with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
    s.sendall(frame)
    got = b""
    while len(got) < want:
        chunk = s.recv(want - len(got))
        if not chunk:
            break
        got += chunk
print(got.hex())
EOF
)"
else
    exec 3<>"/dev/tcp/127.0.0.1/$PORT"
    printf '%b' "$(sed 's/../\\x&/g' <<<"$LOGIN")" >&3
    REPLY="$(timeout 5 head -c $((${#EXPECTED} / 2)) <&3 | od -An -tx1 | tr -d ' \n')"
    exec 3<&-
fi
[ "$REPLY" = "$EXPECTED" ] || fail "GT06 login reply was \"$REPLY\", expected $EXPECTED"
echo "    login answered: $REPLY"
sleep 1.5 # at least one periodic stats line
kill -TERM "$SMOKE_PID"
set +e
wait "$SMOKE_PID"
CODE=$?
set -e
SMOKE_PID=""
[ "$CODE" -eq 0 ] || { cat "$WORK/smoke.err" >&2; fail "headless node exited with $CODE after SIGTERM"; }
LAST="$(tail -n 1 "$WORK/smoke.out")"
grep -q '"frames":1' <<<"$LAST" || { cat "$WORK/smoke.out" >&2; fail "final stats line: $LAST"; }
echo "    exit 0, final stats: $LAST"

# --- desktop integration and service -----------------------------------------------------------
step "appstreamcli validate --no-net"
appstreamcli validate --no-net "/usr/share/metainfo/$APP_ID.metainfo.xml"
step "desktop-file-validate"
desktop-file-validate "/usr/share/applications/$APP_ID.desktop"
echo "    ok"

step "hicolor icons"
for size in 16 22 24 32 48 64 128 256 512; do
    png="/usr/share/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
    [ -f "$png" ] || fail "missing $png"
    file "$png" | grep -q "PNG image data, $size x $size" || fail "$png is not a ${size}x$size PNG"
done
[ -f "/usr/share/icons/hicolor/scalable/apps/$APP_ID.svg" ] || fail "missing the scalable icon"
echo "    16..512 and scalable present"

step "service, settings, user"
UNIT=/lib/systemd/system/fleetwatch-headless.service
[ -f "$UNIT" ] || UNIT=/usr/lib/systemd/system/fleetwatch-headless.service
[ -f "$UNIT" ] || fail "fleetwatch-headless.service is not installed"
grep -q '^ExecStart=/usr/bin/fleetwatch --headless --config /etc/fleetwatch/headless.conf$' "$UNIT" \
    || fail "unexpected ExecStart in $UNIT"
if command -v systemd-analyze >/dev/null; then
    systemd-analyze verify "$UNIT" || fail "systemd-analyze verify $UNIT"
fi
ls /etc/systemd/system/*.wants/fleetwatch-headless.service >/dev/null 2>&1 \
    && fail "the service was enabled by the package"
[ -f /etc/fleetwatch/headless.conf ] || fail "/etc/fleetwatch/headless.conf is not installed"
dpkg-query -W -f='${Conffiles}\n' fleetwatch | grep -q "/etc/fleetwatch/headless.conf" \
    || fail "headless.conf is not a conffile"
getent passwd fleetwatch >/dev/null || fail "postinst did not create the fleetwatch user"
[ "$(stat -c %G /etc/fleetwatch/headless.conf)" = fleetwatch ] || fail "headless.conf group"
[ -f /usr/share/doc/fleetwatch/copyright ] || fail "no /usr/share/doc/fleetwatch/copyright"
echo "    $UNIT (not enabled), conffile, user fleetwatch"

# --- remove ------------------------------------------------------------------------------------
step "apt-get remove fleetwatch"
$SUDO apt-get remove -y -q fleetwatch >"$WORK/apt-remove.log" 2>&1 \
    || { cat "$WORK/apt-remove.log" >&2; fail "apt-get remove"; }
INSTALLED_BY_US=0
[ ! -e /usr/bin/fleetwatch ] || fail "/usr/bin/fleetwatch is still there after removal"
[ ! -e "/usr/share/applications/$APP_ID.desktop" ] || fail "the .desktop file is still there"
# Leave no conffile behind on the CI machine.
$SUDO dpkg --purge fleetwatch >/dev/null
echo "==> package check passed ($(basename "$DEB"))"
