#!/usr/bin/env bash
# Installs what building and testing Interlock needs, from Debian's packages. Idempotent: does
# nothing when everything is already there.
set -euo pipefail

# libomp-14-dev: LLVM's OpenMP runtime (libomp, and Archer, which the OpenMP differential tests
# run TSan with), for `interlock-cc -fopenmp` and tests/e2e/openmp.
# nlohmann-json3-dev: the JSON parser of the tool side (detector/json); python3-jsonschema: the
# report schema's and the SARIF output's tests.
packages=(clang-14 llvm-14-dev libclang-14-dev libclang-rt-14-dev libomp-14-dev catch2 cmake
          ninja-build time python3-jsonschema nlohmann-json3-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "== dependencies: all present"
  exit 0
fi
echo "== dependencies: installing ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
echo "== dependencies: done"
