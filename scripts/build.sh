#!/usr/bin/env bash
# Configures and builds Interlock into build/ (or $INTERLOCK_BUILD_DIR). Idempotent.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${INTERLOCK_BUILD_DIR:-$root/build}

"$root/scripts/install-deps.sh"
echo "== configure: $build"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
echo "== build"
cmake --build "$build" -- -j"$(nproc)"
