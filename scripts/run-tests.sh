#!/usr/bin/env bash
# Every test on a fresh machine: set up and build mdlc, then run the whole
# suite (lit + FileCheck tests, GoogleTest unit tests, end-to-end training).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${MDLC_BUILD_DIR:-$root/build}"

"$root/scripts/setup.sh"
ninja -C "$build" -j "${MDLC_JOBS:-2}" check-mdlc
