"""Shared definition of benchmark workload W1 (linreg) for the reference scripts.

WORKLOADS.md, W1: linear regression 64 -> 1 on 65,536 synthetic samples,
x ~ N(0,1), true w ~ N(0,1), y = x.w + 0.5 + 0.01 * N(0,1); batch 256,
SGD lr 0.01, MSE, 10 epochs = 2,560 steps, samples in order, no shuffling,
the last partial batch dropped.

The data is drawn with NumPy's default_rng (PCG64) in float64 and stored as
float32, so the PyTorch and the JAX script train on bit-identical data for the
same seed (their final losses should then agree to many digits). mdlc draws
its own data with its runtime's Philox generator: same distribution, different
draws, so its losses agree with the references only up to the seed-to-seed
spread. Imports NumPy only; each framework script adds its own framework.

NumPy is imported only inside the functions that need it, so a script can set
the thread environment (set_thread_env) before any BLAS or OpenMP library is
loaded.
"""

import argparse
import json
import os
import sys

SAMPLES = 65536
FEATURES = 64
BIAS = 0.5
NOISE = 0.01
BATCH = 256
LR = 0.01
EPOCHS = 10
DEFAULT_SEED = 7


def make_data(seed):
    """Returns x float32 [SAMPLES, FEATURES] and y float32 [SAMPLES, 1]."""
    import numpy as np
    rng = np.random.default_rng(seed)
    w = rng.standard_normal(FEATURES)
    x = rng.standard_normal((SAMPLES, FEATURES))
    noise = rng.standard_normal(SAMPLES)
    y = x @ w + BIAS + NOISE * noise
    return (np.ascontiguousarray(x, dtype=np.float32),
            np.ascontiguousarray(y.reshape(SAMPLES, 1), dtype=np.float32))


def data_checksum(x, y):
    """A cheap fingerprint so the harness can confirm two scripts saw the same data."""
    import numpy as np
    return float(x.sum(dtype=np.float64) + y.sum(dtype=np.float64))


def parse_args(description, variants=None):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--seed", type=int, default=DEFAULT_SEED,
                   help="seed of the data and of the parameter initialisation (default 7)")
    p.add_argument("--epochs", type=int, default=EPOCHS)
    p.add_argument("--threads", type=int, default=2)
    if variants:
        p.add_argument("--variant", choices=variants, default=variants[0])
    args = p.parse_args()
    set_thread_env(args.threads)
    return args


def set_thread_env(threads):
    """Caps every thread pool a library may read from the environment at load time."""
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, str(threads))


def loaded_libraries(fragments):
    """Paths of shared objects mapped into this process whose name contains a fragment."""
    found = []
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                parts = line.split()
                if len(parts) >= 6 and parts[5].startswith("/"):
                    path = parts[5]
                    base = os.path.basename(path).lower()
                    if any(f in base for f in fragments) and path not in found:
                        found.append(path)
    except OSError:
        pass
    return found


def emit(record):
    """The one JSON line the harness reads (last line of stdout)."""
    sys.stdout.write(json.dumps(record) + "\n")
    sys.stdout.flush()
