#!/usr/bin/env python3
"""W4 dqn in PyTorch, the way a user writes it (WORKLOADS.md, W4).

The agent of stdlib_models/dqn_cartpole.mdl (w4_common.py spells out the
settings and the loop): an nn.Sequential Q-net 4-64-64-2 with PyTorch's
default initialisation, a deep copy as the target network, torch.optim.Adam
lr 1e-3, F.smooth_l1_loss (Huber, delta 1, mean) between Q(s, a) and
r + gamma (1 - done) max_a' Q_target(s2, a'), the greedy action from the
online network under torch.no_grad on the single observation, CartPole and
the replay ring in NumPy. Timed: the whole loop of --steps environment
steps (acting, environment, replay, every gradient step, the target
copies); not the imports or building the networks. No warm-up: nothing is
compiled, and mdlc's clock also starts before its first step.

env_steps_per_s = steps / train_s; mean_return is that of the last 20
training episodes, as mdlc's summary reports it.

Prints one JSON line. Run by bench/run.py; alone:
    /usr/bin/python3 bench/reference/w4_dqn_torch.py --seed 0 [--steps 5000]
"""

import copy
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import w4_common as w4  # noqa: E402


def main():
    args = w4.parse_args(__doc__.splitlines()[0])
    import numpy as np
    import torch
    import torch.nn.functional as F

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)

    q = torch.nn.Sequential(
        torch.nn.Linear(4, w4.HIDDEN), torch.nn.ReLU(),
        torch.nn.Linear(w4.HIDDEN, w4.HIDDEN), torch.nn.ReLU(),
        torch.nn.Linear(w4.HIDDEN, 2))
    target = copy.deepcopy(q)
    for p in target.parameters():
        p.requires_grad_(False)
    opt = torch.optim.Adam(q.parameters(), lr=w4.LR)
    env = w4.CartPole(rng)
    replay = w4.Replay()
    due = max(w4.WARMUP, w4.BATCH)

    returns, lengths, losses = [], [], []
    episode_return = 0.0
    obs = env.reset()
    start = time.perf_counter()
    for t in range(args.steps):
        if rng.random() < w4.epsilon(t):
            action = int(rng.integers(0, 2))
        else:
            with torch.no_grad():
                action = int(q(torch.from_numpy(obs).unsqueeze(0)).argmax(dim=1))
        obs2, reward, terminated, truncated = env.step(action)
        # done = terminated: a truncated episode still bootstraps.
        replay.add(obs, action, reward, obs2, terminated)
        episode_return += reward
        if terminated or truncated:
            returns.append(episode_return)
            lengths.append(env.steps)
            episode_return = 0.0
            obs = env.reset()
        else:
            obs = obs2
        if replay.added >= due:
            s, a, r, s2, done = (torch.from_numpy(x) for x in replay.sample(rng))
            q_sa = q(s).gather(1, a.unsqueeze(1)).squeeze(1)
            with torch.no_grad():
                y = r + w4.GAMMA * (1.0 - done) * target(s2).max(dim=1).values
            loss = F.smooth_l1_loss(q_sa, y)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            losses.append(loss.item())
        if (t + 1) % w4.TARGET_SYNC == 0:
            target.load_state_dict(q.state_dict())
    train_s = time.perf_counter() - start

    recent_losses = losses[-1000:]
    w4.emit({
        "workload": "w4",
        "impl": "pytorch",
        "seed": args.seed,
        "steps": args.steps,
        "episodes": len(returns),
        "gradient_steps": len(losses),
        "train_s": train_s,
        "env_steps_per_s": args.steps / train_s,
        "mean_return": w4.mean_recent(returns),
        "final_loss": sum(recent_losses) / len(recent_losses) if recent_losses else None,
        "episode_returns": returns,
        "threads": torch.get_num_threads(),
        "versions": {"torch": torch.__version__, "numpy": np.__version__},
    })


if __name__ == "__main__":
    main()
