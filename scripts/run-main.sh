#!/usr/bin/env bash
# The main job on a fresh machine: set up and build mdlc, compile the
# linear-regression model of LANGUAGE.md §1 to a native executable, train it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${MDLC_BUILD_DIR:-$root/build}"

"$root/scripts/setup.sh"
"$build/bin/mdlc" "$root/stdlib_models/linear_regression.mdl" -o "$build/linreg"
"$build/linreg" train "$@"
