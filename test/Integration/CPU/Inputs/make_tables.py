"""Writes the small data files of file-datasets.test without numpy: a CSV
table of two Gaussian classes (columns id, f1..f4, label; label = 1 when
f1 + f2 - f3 > 0, so a linear model separates it) and the same samples as
.npy arrays (x float32 [N, 2, 2], labels int64 [N], targets float64 [N] =
f1 - 2 f4 + 0.5 for a regression).

usage: make_tables.py DIR SAMPLES
"""
import os
import random
import struct
import sys


def npy(path, descr, shape, fmt, values):
    header = "{'descr': '%s', 'fortran_order': False, 'shape': (%s), }" % (
        descr, "".join("%d," % d for d in shape))
    header += " " * (63 - (10 + len(header)) % 64) + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)))
        f.write(header.encode() + struct.pack("<%d%s" % (len(values), fmt), *values))


def main(out, samples):
    samples = int(samples)
    rng = random.Random(7)
    rows = [[rng.gauss(0, 1) for _ in range(4)] for _ in range(samples)]
    labels = [1 if r[0] + r[1] - r[2] > 0 else 0 for r in rows]
    with open(os.path.join(out, "table.csv"), "w") as f:
        f.write("id,f1,f2,f3,f4,label\n")
        for i, (r, y) in enumerate(zip(rows, labels)):
            f.write("%d,%s,%d\n" % (i, ",".join("%.6f" % v for v in r), y))
    flat = [float("%.6f" % v) for r in rows for v in r]
    npy(os.path.join(out, "x.npy"), "<f4", (samples, 2, 2), "f", flat)
    npy(os.path.join(out, "labels.npy"), "<i8", (samples,), "q", labels)
    npy(os.path.join(out, "targets.npy"), "<f8", (samples,), "d",
        [float("%.6f" % r[0]) - 2 * float("%.6f" % r[3]) + 0.5 for r in rows])


if __name__ == "__main__":
    main(*sys.argv[1:])
