"""q-learning-cartpole.test: checks of the run's log and two evaluations."""
import json
import math
import sys

log = [json.loads(line) for line in open(sys.argv[1])]
trained = json.load(open(sys.argv[2]))
untrained = json.load(open(sys.argv[3]))

episodes = [r for r in log if r["event"] == "episode"]
first = [r["return"] for r in episodes[:20]]
print("episodes 1-20 (epsilon near 1): mean return below 40:",
      len(first) == 20 and sum(first) / 20 < 40)
print("untrained greedy agent: mean return below 40:",
      untrained["mean_return"] < 40)
print("trained greedy agent over 20 episodes: mean return at least 100:",
      trained["episodes"] == 20 and trained["mean_return"] >= 100)
losses = [r["loss"] for r in log if r["event"] == "step" and r["loss"] is not None]
print("losses finite:", len(losses) >= 4 and all(math.isfinite(x) for x in losses))
