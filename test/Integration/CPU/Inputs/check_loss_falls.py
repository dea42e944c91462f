"""Asserts that a run's loss fell: the last epoch's mean loss is below
`max_final` and below a tenth of the first epoch's.

usage: check_loss_falls.py LOG.jsonl MAX_FINAL
"""
import json
import sys

records = [json.loads(line) for line in open(sys.argv[1])]
losses = [r["loss"] for r in records if r["event"] == "epoch"]
final = [r["final_loss"] for r in records if r["event"] == "end"][0]
assert len(losses) >= 2, losses
assert final < float(sys.argv[2]), "final loss %g >= %s" % (final, sys.argv[2])
assert final < losses[0] / 10, "loss did not fall: %s" % losses
print("loss fell from %.6g to %.6g: ok" % (losses[0], final))
