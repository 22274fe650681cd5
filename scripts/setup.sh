#!/usr/bin/env bash
# Installs what FleetWatch needs on Debian 12 / Ubuntu (only the packages that are missing),
# then configures and builds. Used by run.sh and test.sh; safe to run again.
#   BUILD_PRESET=release|ci   (default release)
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
    build-essential cmake ninja-build pkg-config
    qt6-base-dev qt6-base-dev-tools qt6-positioning-dev qt6-tools-dev qt6-tools-dev-tools
    qt6-l10n-tools qt6-svg-dev qt6-charts-dev qt6-serialport-dev qt6-translations-l10n
    libqt6sql6-sqlite libqt6sql6-psql libsqlite3-dev libpq-dev libgl-dev qtkeychain-qt6-dev
    libgeos-dev libcurl4-openssl-dev poppler-utils
    postgresql xvfb xauth clang libclang-rt-dev
    appstream desktop-file-utils dpkg-dev file strace
)

missing=()
for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "==> installing: ${missing[*]}"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

preset="${BUILD_PRESET:-release}"
echo "==> configuring (${preset})"
cmake --preset "$preset" >/dev/null
echo "==> building"
cmake --build --preset "$preset" -j"$(nproc)"
