"""Reads and writes safetensors files with json and struct only, and
compares them, for the checkpoint tests.

usage: st.py show FILE                      names, dtypes, shapes, metadata
       st.py same FILE FILE                 exit 0 when the tensors agree bit for bit
       st.py close FILE FILE TOL            ... to within TOL
       st.py edit FILE OUT OP [ARG...]      write a modified copy:
           drop NAME | rename OLD NEW | reshape NAME D0,D1,.. | f64 | f16
"""
import json
import struct
import sys


def read(path):
    data = open(path, "rb").read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    meta = header.pop("__metadata__", {})
    body = data[8 + n:]
    tensors = {}
    for name, info in header.items():
        b, e = info["data_offsets"]
        tensors[name] = (info["dtype"], info["shape"], body[b:e])
    return tensors, meta


def write(path, tensors, meta):
    header = {"__metadata__": meta} if meta else {}
    body = b""
    for name in sorted(tensors):
        dtype, shape, raw = tensors[name]
        header[name] = {"dtype": dtype, "shape": shape,
                        "data_offsets": [len(body), len(body) + len(raw)]}
        body += raw
    text = json.dumps(header).encode()
    text += b" " * ((8 - (8 + len(text)) % 8) % 8)
    open(path, "wb").write(struct.pack("<Q", len(text)) + text + body)


def floats(dtype, raw):
    if dtype == "F32":
        return list(struct.unpack("<%df" % (len(raw) // 4), raw))
    if dtype == "F64":
        return list(struct.unpack("<%dd" % (len(raw) // 8), raw))
    if dtype == "F16":
        return list(struct.unpack("<%de" % (len(raw) // 2), raw))
    raise SystemExit("unsupported dtype " + dtype)


def main(argv):
    op = argv[1]
    if op == "show":
        tensors, meta = read(argv[2])
        for name in sorted(tensors):
            dtype, shape, _ = tensors[name]
            print("%s %s %s" % (name, dtype, shape))
        for key in sorted(meta):
            print("meta %s=%s" % (key, meta[key]))
    elif op in ("same", "close"):
        a, _ = read(argv[2])
        b, _ = read(argv[3])
        if sorted(a) != sorted(b):
            raise SystemExit("names differ: %s vs %s" % (sorted(a), sorted(b)))
        tol = float(argv[4]) if op == "close" else 0.0
        worst = 0.0
        for name in a:
            if a[name][:2] != b[name][:2]:
                raise SystemExit("%s differs in dtype or shape" % name)
            if op == "same":
                if a[name][2] != b[name][2]:
                    raise SystemExit("%s differs" % name)
                continue
            for x, y in zip(floats(*a[name][::2]), floats(*b[name][::2])):
                worst = max(worst, abs(x - y))
        if worst > tol:
            raise SystemExit("largest difference %g > %g" % (worst, tol))
        print("%s: %d tensors agree" % (op, len(a)))
    elif op == "edit":
        tensors, meta = read(argv[2])
        out, what, args = argv[3], argv[4], argv[5:]
        if what == "drop":
            del tensors[args[0]]
        elif what == "rename":
            tensors[args[1]] = tensors.pop(args[0])
        elif what == "reshape":
            dtype, _, raw = tensors[args[0]]
            tensors[args[0]] = (dtype, [int(d) for d in args[1].split(",")], raw)
        elif what in ("f64", "f16"):
            code = "d" if what == "f64" else "e"
            for name, (dtype, shape, raw) in list(tensors.items()):
                values = floats(dtype, raw)
                tensors[name] = (what.upper(), shape,
                                 struct.pack("<%d%s" % (len(values), code), *values))
        write(out, tensors, {})
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
