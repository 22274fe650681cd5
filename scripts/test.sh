#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors, and runs the whole test suite
# headless (Qt offscreen, a loopback PostgreSQL the tests start themselves, fuzz smoke runs).
set -euo pipefail
cd "$(dirname "$0")/.."
phase() { echo "==> $1 (${SECONDS}s since the start)"; }
BUILD_PRESET=ci scripts/setup.sh

export QT_QPA_PLATFORM=offscreen TZ=UTC LC_ALL=C.UTF-8
export FW_REQUIRE_POSTGRES=1   # tests that need PostgreSQL fail rather than skip
phase "running tests"
ctest --preset ci -j2 --timeout 900

if [ -f tests/fuzz/CMakeLists.txt ]; then
    phase "fuzz smoke run"
    scripts/fuzz.sh 10
fi
phase "packaging: build the DEB, install it, smoke-test the installed program, remove it"
scripts/package-check.sh build/ci
phase "all tests passed"
