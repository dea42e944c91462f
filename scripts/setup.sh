#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine for mdlc and builds it:
#   1. installs the Debian packages the build needs (only those missing),
#   2. configures with CMake + Ninja into build/ (or $MDLC_BUILD_DIR),
#   3. builds the compiler, the runtime and the test binaries.
# Safe to run again: every step is incremental.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${MDLC_BUILD_DIR:-$root/build}"
jobs="${MDLC_JOBS:-2}"

packages=(
  cmake ninja-build g++ python3
  llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools
  antlr4 libantlr4-runtime-dev default-jre-headless
  libgtest-dev zlib1g-dev
  dataset-fashion-mnist      # the data of LANGUAGE.md §2 and W2/W3
  clang libclang-rt-14-dev   # the frontend fuzzer (test/Fuzz): libFuzzer, ASan, UBSan
  python3-torch              # parity tests against PyTorch (Debian's /usr/bin/python3)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" \
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [[ ! -f "$build/build.ninja" ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release
fi
ninja -C "$build" -j "$jobs" mdlc mdlc-opt mdlrt mdlrt_main
