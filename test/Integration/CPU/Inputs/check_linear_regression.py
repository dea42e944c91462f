"""Checks a training run of stdlib_models/linear_regression.mdl.

Reads the run's JSONL log and its safetensors checkpoint (with the standard
library only) and asserts what LANGUAGE.md §1 promises: the loss falls, the
final training MSE is near the noise floor (noise² = 1e-4), and the fitted
bias is near the true 0.5.

usage: check_linear_regression.py LOG.jsonl WEIGHTS.safetensors
"""
import json
import struct
import sys


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (header_len,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + header_len])
    body = data[8 + header_len:]
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        assert info["dtype"] == "F32", info
        begin, end = info["data_offsets"]
        count = (end - begin) // 4
        values = struct.unpack("<%df" % count, body[begin:end])
        tensors[name] = (info["shape"], values)
    return tensors


def main(log_path, weights_path):
    records = [json.loads(line) for line in open(log_path)]
    epochs = [r for r in records if r["event"] == "epoch"]
    end = [r for r in records if r["event"] == "end"]
    assert len(epochs) == 10, "expected 10 epoch records, got %d" % len(epochs)
    assert len(end) == 1 and end[0]["steps"] == 2560, end
    losses = [r["loss"] for r in epochs]
    assert losses[0] > 10 * losses[-1], "loss did not fall: %s" % losses
    assert all(b <= a * 1.01 for a, b in zip(losses, losses[1:])), \
        "epoch losses are not non-increasing: %s" % losses
    final = end[0]["final_loss"]
    assert final < 2e-4, "final training MSE %g is not below 2e-4" % final
    assert final > 5e-5, "final training MSE %g is below the noise floor" % final

    tensors = read_safetensors(weights_path)
    assert set(tensors) == {"linear.weight", "linear.bias"}, list(tensors)
    assert tensors["linear.weight"][0] == [1, 64], tensors["linear.weight"][0]
    assert tensors["linear.bias"][0] == [1], tensors["linear.bias"][0]
    bias = tensors["linear.bias"][1][0]
    assert abs(bias - 0.5) < 1e-2, "fitted bias %g is not within 1e-2 of 0.5" % bias
    print("linear regression: final loss %.6g, bias %.6f: ok" % (final, bias))


if __name__ == "__main__":
    main(*sys.argv[1:])
