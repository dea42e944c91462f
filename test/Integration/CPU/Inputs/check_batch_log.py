#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Checks a one-epoch --log of a run with --batch BATCH --steps STEPS: the
epoch record is at STEPS, and its samples_per_s times the epoch's wall time
is STEPS * BATCH samples (within 25 %: the epoch starts a little after the
run's clock). Prints 'samples STEPS*BATCH: ok' or the reason."""

import json
import sys


def main():
    path, batch, steps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    records = [json.loads(line) for line in open(path) if line.strip()]
    epoch = [r for r in records if r.get("event") == "epoch"]
    if len(epoch) != 1 or epoch[0]["step"] != steps:
        print("expected one epoch record at step %d, got %r" % (steps, epoch))
        return 1
    samples = epoch[0]["samples_per_s"] * epoch[0]["wall_s"]
    expected = steps * batch
    if not 0.75 * expected <= samples <= 1.25 * expected:
        print("samples %g, expected about %d" % (samples, expected))
        return 1
    print("samples %d: ok" % expected)
    return 0


if __name__ == "__main__":
    sys.exit(main())
