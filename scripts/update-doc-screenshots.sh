#!/bin/sh
# Copies the pictures the screenshot tests made (build/ci/screenshots, from the ctest entries
# tst_window_xvfb_1366, _1920 and _hidpi) into docs/images, so the README and the user guide show
# what the test suite saw. Run after `ctest --preset ci -R window_xvfb`.
set -eu
cd "$(dirname "$0")/.."
shots=build/ci/screenshots
for name in window-1366x768-light-en window-1366x768-dark-ru window-1920x1080-light-en \
    console-1366x768-light-en troubleshooter-1366x768-light-en; do
    if [ ! -f "$shots/$name.png" ]; then
        echo "missing $shots/$name.png: run ctest --preset ci -R window_xvfb first" >&2
        exit 1
    fi
    cp "$shots/$name.png" "docs/images/$name.png"
done
echo "docs/images updated from $shots"
