"""Shared definition of benchmark workload W2 (mlp) for the reference scripts.

WORKLOADS.md, W2: MLP 784-256-128-10 with ReLU on Fashion-MNIST (Debian's
dataset-fashion-mnist, /usr/share/datasets/fashion-mnist), images scaled by
1/255, batch 128, Adam lr 1e-3 (PyTorch's defaults otherwise), cross-entropy,
1 epoch = 468 steps (the last partial batch dropped), samples shuffled by
the seed, test accuracy on the 10,000 test images after the epoch. It is
stdlib_models/mlp_fashion.mdl.

Timed: the epoch (every step: the batch gathered from the shuffled order,
forward, backward, update, the step's loss read back) and the evaluation of
the test set at its end, because mdlc's own clock (the `end` record's
wall_s, from mdlrt_train_begin to the end of the last epoch) includes its
end-of-epoch evaluation and cannot leave it out; evaluation is about 5 % of
the work. Reading and decoding the IDX files happens before, in all three.

Imports NumPy only inside functions; each framework script adds its own.
"""

import argparse
import gzip
import json
import os
import struct
import sys

DATA_DIR = "/usr/share/datasets/fashion-mnist"
BATCH = 128
LR = 1e-3
EPOCHS = 1
HIDDEN = (256, 128)
CLASSES = 10
DEFAULT_SEED = 7
EVAL_BATCH = 128  # mdlc evaluates full batches of the training batch size


def read_idx(path):
    """An IDX file (gzip or raw) as a NumPy array of its stored type."""
    import numpy as np
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    zero, dtype_code, ndim = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype_code != 0x08:
        raise ValueError("%s: not an unsigned-byte IDX file" % path)
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load(split, data_dir=DATA_DIR):
    """(images float32 [N, 784] scaled by 1/255, labels int64 [N]) of 'train' or 't10k'."""
    import numpy as np
    images = read_idx(os.path.join(data_dir, "%s-images-idx3-ubyte.gz" % split))
    labels = read_idx(os.path.join(data_dir, "%s-labels-idx1-ubyte.gz" % split))
    x = images.reshape(images.shape[0], -1).astype(np.float32) * np.float32(1.0 / 255.0)
    return np.ascontiguousarray(x), labels.astype(np.int64)


def parse_args(description, variants=None):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--seed", type=int, default=DEFAULT_SEED,
                   help="seed of the initialisation and the shuffling (default 7)")
    p.add_argument("--epochs", type=int, default=EPOCHS)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--data-dir", default=DATA_DIR)
    if variants:
        p.add_argument("--variant", choices=variants, default=variants[0])
    args = p.parse_args()
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, str(args.threads))
    return args


def emit(record):
    """The one JSON line the harness reads (last line of stdout)."""
    sys.stdout.write(json.dumps(record) + "\n")
    sys.stdout.flush()
