#!/usr/bin/env bash
# Installs what bench/run.py compares mdlc against (shared/WORKLOADS.md):
#   - PyTorch from Debian (python3-torch, for /usr/bin/python3), with OpenBLAS
#     as the system BLAS (libopenblas0-pthread; without it Debian's PyTorch
#     uses the unoptimised reference BLAS, and WORKLOADS.md compares against
#     an optimised one);
#   - JAX from PyPI (jax[cpu]) into bench/.venv, a virtual environment of
#     /usr/bin/python3 without the system site-packages, so that JAX's NumPy 2
#     does not shadow the Debian NumPy that python3-torch is built against.
# Needs root (or sudo) for apt-get. JAX is optional: without PyPI the
# harness runs and shows its rows as "not installed".
# The harness itself needs only Python 3's standard library.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv"
jax_spec="${JAX_SPEC:-jax[cpu]}"

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=(sudo)
fi

packages=(python3-torch python3-numpy python3-venv libopenblas0-pthread)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: apt-get install ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q "${missing[@]}"
fi

if [ ! -x "$venv/bin/python" ]; then
  echo "setup: creating $venv"
  /usr/bin/python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import jax" 2>/dev/null; then
  echo "setup: pip install $jax_spec into $venv"
  if ! "$venv/bin/pip" install -q "$jax_spec"; then
    echo "setup: warning: could not install $jax_spec (no PyPI?); the JAX rows will say 'not installed'" >&2
  fi
fi

/usr/bin/python3 -c "import torch; print('setup: torch', torch.__version__, 'for /usr/bin/python3')"
"$venv/bin/python" -c "import jax; print('setup: jax', jax.__version__, 'in bench/.venv')" 2>/dev/null || true
blas="$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || true)"
echo "setup: system BLAS (libblas.so.3) -> ${blas:-?}"
