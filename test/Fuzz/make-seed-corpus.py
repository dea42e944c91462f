#!/usr/bin/env python3
# ===- make-seed-corpus.py - seed corpus of the frontend fuzzer -----------=== #
# SPDX-License-Identifier: Apache-2.0
#
# Usage: make-seed-corpus.py OUT_DIR DIR...
# Writes one seed per `.mdl` program found (not recursively) in each DIR,
# splitting `--split-input-file` tests at `// -----` so that each seed is one
# small program; the fuzzer then mutates real, valid and invalid, programs.
# ===---------------------------------------------------------------------=== #
import hashlib
import os
import sys


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    count = 0
    for folder in sys.argv[2:]:
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".mdl"):
                continue
            with open(os.path.join(folder, name), "rb") as f:
                text = f.read()
            for chunk in text.split(b"// -----"):
                if not chunk.strip():
                    continue
                digest = hashlib.sha1(chunk).hexdigest()
                with open(os.path.join(out, digest), "wb") as f:
                    f.write(chunk)
                count += 1
    print(f"{count} seeds in {out}")


if __name__ == "__main__":
    main()
