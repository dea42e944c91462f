"""Shared definition of benchmark workload W4 (dqn) for the reference scripts.

WORKLOADS.md, W4, and LANGUAGE.md §3 (stdlib_models/dqn_cartpole.mdl): DQN
on CartPole (max_steps 500). Q-net 4-64-64-2 with ReLU, Adam lr 1e-3,
gamma 0.99, replay 10,000 transitions (a ring, sampled uniformly with
replacement), batch 64, epsilon linear 1.0 -> 0.05 over the first 10,000
environment steps, 1,000 warm-up steps, one gradient step per environment
step once max(warm-up, batch) transitions are stored, the target network
copied from the online one after every 500 environment steps, the Huber
(delta 1) TD loss averaged over the batch, no bootstrap on termination but
bootstrap on truncation (done = terminated), 50,000 environment steps.

The loop is the one mdlc compiles (compiler/MLIRGen/QLearning.cpp with the
runtime's rl/ calls): for t in 0 .. steps-1: observe; explore with
probability eps(t), else act greedily; step; store; learn if due; sync if
(t + 1) % 500 == 0.

CartPole is written here in Python from Gym's classic-control equations
(gym is not installed), exactly as the runtime's env/CartPole.cpp: state in
double, Euler integration with positions advanced by the old velocities,
terminated at |x| > 2.4 or |theta| > 12 degrees, truncated at 500 steps,
reward 1 a step, observations rounded to float32, initial state uniform in
[-0.05, 0.05). The random draws are NumPy's default_rng(seed) (PCG64), not
mdlc's Philox streams: same distributions, different draws, so the two
agree only up to the seed-to-seed spread.

Imports NumPy only inside functions; each framework script adds its own.
"""

import argparse
import json
import math
import os
import sys

STEPS = 50000
MAX_EPISODE_STEPS = 500
HIDDEN = 64
LR = 1e-3
GAMMA = 0.99
REPLAY = 10000
BATCH = 64
WARMUP = 1000
EPS_FROM = 1.0
EPS_TO = 0.05
EPS_STEPS = 10000
TARGET_SYNC = 500
RECENT_EPISODES = 20
DEFAULT_SEED = 0  # the .mdl's own


def epsilon(step):
    """eps(t) as the runtime computes it (rl/Exploration.cpp)."""
    if step >= EPS_STEPS:
        return EPS_TO
    return EPS_FROM + (EPS_TO - EPS_FROM) * (step / EPS_STEPS)


class CartPole:
    """Gym's CartPole-v1 dynamics, as runtime/env/CartPole.cpp has them."""

    GRAVITY = 9.8
    CART_MASS = 1.0
    POLE_MASS = 0.1
    TOTAL_MASS = POLE_MASS + CART_MASS
    HALF_LENGTH = 0.5
    POLE_MASS_LENGTH = POLE_MASS * HALF_LENGTH
    FORCE = 10.0
    TAU = 0.02
    THETA_LIMIT = 12 * 2 * math.pi / 360
    X_LIMIT = 2.4

    def __init__(self, rng, max_steps=MAX_EPISODE_STEPS):
        self.rng = rng
        self.max_steps = max_steps
        self.state = (0.0, 0.0, 0.0, 0.0)
        self.steps = 0

    def observation(self):
        import numpy as np
        return np.array(self.state, dtype=np.float32)

    def reset(self):
        self.state = tuple(float(v) for v in self.rng.uniform(-0.05, 0.05, 4))
        self.steps = 0
        return self.observation()

    def step(self, action):
        """Returns (observation, reward, terminated, truncated)."""
        x, x_dot, theta, theta_dot = self.state
        force = self.FORCE if action == 1 else -self.FORCE
        cos_t = math.cos(theta)
        sin_t = math.sin(theta)
        temp = (force + self.POLE_MASS_LENGTH * theta_dot * theta_dot * sin_t) / self.TOTAL_MASS
        theta_acc = (self.GRAVITY * sin_t - cos_t * temp) / (
            self.HALF_LENGTH * (4.0 / 3.0 - self.POLE_MASS * cos_t * cos_t / self.TOTAL_MASS))
        x_acc = temp - self.POLE_MASS_LENGTH * theta_acc * cos_t / self.TOTAL_MASS
        x = x + self.TAU * x_dot
        x_dot = x_dot + self.TAU * x_acc
        theta = theta + self.TAU * theta_dot
        theta_dot = theta_dot + self.TAU * theta_acc
        self.state = (x, x_dot, theta, theta_dot)
        self.steps += 1
        terminated = (x < -self.X_LIMIT or x > self.X_LIMIT or
                      theta < -self.THETA_LIMIT or theta > self.THETA_LIMIT)
        truncated = self.steps >= self.max_steps
        return self.observation(), 1.0, terminated, truncated


class Replay:
    """A ring of REPLAY transitions, sampled uniformly with replacement."""

    def __init__(self, capacity=REPLAY, obs_size=4):
        import numpy as np
        self.s = np.zeros((capacity, obs_size), dtype=np.float32)
        self.s2 = np.zeros((capacity, obs_size), dtype=np.float32)
        self.a = np.zeros(capacity, dtype=np.int64)
        self.r = np.zeros(capacity, dtype=np.float32)
        self.done = np.zeros(capacity, dtype=np.float32)
        self.capacity = capacity
        self.added = 0

    def add(self, s, a, r, s2, done):
        slot = self.added % self.capacity
        self.s[slot] = s
        self.s2[slot] = s2
        self.a[slot] = a
        self.r[slot] = r
        self.done[slot] = 1.0 if done else 0.0
        self.added += 1

    def size(self):
        return min(self.added, self.capacity)

    def sample(self, rng, batch=BATCH):
        idx = rng.integers(0, self.size(), batch)
        return self.s[idx], self.a[idx], self.r[idx], self.s2[idx], self.done[idx]


def parse_args(description):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--seed", type=int, default=DEFAULT_SEED,
                   help="seed of the initialisation, exploration, replay sampling and "
                   "the episodes (default 0, the .mdl's)")
    p.add_argument("--steps", type=int, default=STEPS,
                   help="environment steps (default 50,000, the workload's)")
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args()
    if args.steps < 1:
        p.error("--steps must be positive")
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, str(args.threads))
    return args


def mean_recent(returns):
    recent = returns[-RECENT_EPISODES:]
    return sum(recent) / len(recent) if recent else None


def emit(record):
    """The one JSON line the harness reads (last line of stdout)."""
    sys.stdout.write(json.dumps(record) + "\n")
    sys.stdout.flush()
