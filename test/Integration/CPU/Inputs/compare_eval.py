"""Compares the last eval record of a compiled program's JSONL log with a
reference {"accuracy": A, "loss": L} JSON file (a PyTorch run's).

usage: compare_eval.py LOG.jsonl REFERENCE.json MAX_LOSS_DIFF MAX_ACCURACY_DIFF
"""
import json
import sys

log, reference, max_loss, max_accuracy = sys.argv[1:]
evals = [r for r in map(json.loads, open(log)) if r["event"] == "eval"]
assert evals, "no eval record in " + log
got, want = evals[-1], json.load(open(reference))
loss_diff = abs(got["loss"] - want["loss"])
accuracy_diff = abs(got["accuracy"] - want["accuracy"])
assert loss_diff <= float(max_loss), \
    "eval loss %.6f vs reference %.6f" % (got["loss"], want["loss"])
assert accuracy_diff <= float(max_accuracy), \
    "eval accuracy %.4f vs reference %.4f" % (got["accuracy"], want["accuracy"])
print("eval agrees: loss %.6f vs %.6f, accuracy %.4f vs %.4f"
      % (got["loss"], want["loss"], got["accuracy"], want["accuracy"]))
