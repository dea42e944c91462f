"""Checks a classifier run's JSONL log: the training loss fell and the
evaluation pass reached a minimum accuracy.

usage: check_eval.py LOG.jsonl MIN_ACCURACY
"""
import json
import sys

records = [json.loads(line) for line in open(sys.argv[1])]
steps = [r["loss"] for r in records if r["event"] == "step"]
evals = [r for r in records if r["event"] == "eval"]
assert evals, "no eval record"
accuracy = evals[-1]["accuracy"]
assert accuracy >= float(sys.argv[2]), \
    "test accuracy %g is below %s" % (accuracy, sys.argv[2])
assert steps and steps[-1] < 2.0, "training loss did not fall: %s" % steps
print("accuracy %.4f, loss %.4f: ok" % (accuracy, evals[-1]["loss"]))
