#!/usr/bin/env python3
"""W2 mlp in JAX, the way a user writes it (WORKLOADS.md, W2).

The same model, data and settings as w2_mlp_torch.py: three dense layers
initialised like PyTorch's nn.Linear (U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for
weights and biases), softmax cross-entropy, Adam lr 1e-3 written out with
PyTorch's update rule (betas 0.9/0.999, eps 1e-8, bias correction), batch
128, one epoch of 468 steps over a seeded NumPy permutation, then the test
accuracy over the full batches of the test set.

--variant loop (default): the train step (value_and_grad + Adam) is one
  jax.jit function; the Python loop gathers each batch with NumPy from the
  host data and passes it in (JAX copies it to the device).
--variant scan: one jitted function takes the epoch's permutation and runs
  lax.scan over the steps, each gathering its batch on the device from the
  training set put there once before timing (gathering stays inside every
  step, as in mdlc and PyTorch).

Warm-up: the jitted functions are compiled and run once, results discarded.
Timed: the epoch and the evaluation (see w2_common.py). XLA's CPU client
sizes its thread pool from the CPUs the process may use; --threads N < CPUs
restricts the affinity.

Prints one JSON line. Run by bench/run.py; alone:
    bench/.venv/bin/python bench/reference/w2_mlp_jax.py --seed 7
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import w2_common as w2  # noqa: E402

XLA_THREAD_FLAG = "--xla_cpu_multi_thread_eigen=true"
BETA1, BETA2, EPS = 0.9, 0.999, 1e-8


def main():
    args = w2.parse_args(__doc__.splitlines()[0], variants=["loop", "scan"])
    flags = os.environ.get("XLA_FLAGS", "")
    if "xla_cpu_multi_thread_eigen" not in flags:
        os.environ["XLA_FLAGS"] = (flags + " " + XLA_THREAD_FLAG).strip()
    cpus = sorted(os.sched_getaffinity(0))
    if 0 < args.threads < len(cpus):
        os.sched_setaffinity(0, cpus[:args.threads])

    import jax
    import jax.numpy as jnp
    import numpy as np
    from jax import lax

    x_np, y_np = w2.load("train", args.data_dir)
    xt_np, yt_np = w2.load("t10k", args.data_dir)
    y_np, yt_np = y_np.astype(np.int32), yt_np.astype(np.int32)
    steps_per_epoch = x_np.shape[0] // w2.BATCH
    batch = w2.BATCH

    sizes = (784,) + w2.HIDDEN + (w2.CLASSES,)
    keys = jax.random.split(jax.random.key(args.seed), 2 * (len(sizes) - 1))
    params = []
    for i, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        bound = 1.0 / np.sqrt(fan_in)
        params.append({
            "w": jax.random.uniform(keys[2 * i], (fan_out, fan_in), jnp.float32, -bound, bound),
            "b": jax.random.uniform(keys[2 * i + 1], (fan_out,), jnp.float32, -bound, bound)})
    zeros = jax.tree_util.tree_map(jnp.zeros_like, params)
    state = (params, zeros, zeros, jnp.zeros((), jnp.int32))

    def forward(p, xb):
        h = xb
        for i, layer in enumerate(p):
            h = h @ layer["w"].T + layer["b"]
            if i + 1 < len(p):
                h = jax.nn.relu(h)
        return h

    def loss_fn(p, xb, yb):
        logp = jax.nn.log_softmax(forward(p, xb))
        return -jnp.mean(jnp.take_along_axis(logp, yb[:, None], axis=1))

    def train_step(state, xb, yb):
        p, m, v, t = state
        loss, g = jax.value_and_grad(loss_fn)(p, xb, yb)
        t = t + 1
        m = jax.tree_util.tree_map(lambda m, g: BETA1 * m + (1 - BETA1) * g, m, g)
        v = jax.tree_util.tree_map(lambda v, g: BETA2 * v + (1 - BETA2) * g * g, v, g)
        c1 = 1 - BETA1 ** t.astype(jnp.float32)
        c2 = 1 - BETA2 ** t.astype(jnp.float32)
        p = jax.tree_util.tree_map(
            lambda p, m, v: p - w2.LR * (m / c1) / (jnp.sqrt(v / c2) + EPS), p, m, v)
        return (p, m, v, t), loss

    @jax.jit
    def correct_in(p, xb, yb):
        return jnp.sum(jnp.argmax(forward(p, xb), axis=1) == yb)

    eval_batches = xt_np.shape[0] // w2.EVAL_BATCH
    xt = jnp.asarray(xt_np[:eval_batches * w2.EVAL_BATCH])
    yt = jnp.asarray(yt_np[:eval_batches * w2.EVAL_BATCH])

    def evaluate(p):
        correct = [correct_in(p, xt[i * w2.EVAL_BATCH:(i + 1) * w2.EVAL_BATCH],
                              yt[i * w2.EVAL_BATCH:(i + 1) * w2.EVAL_BATCH])
                   for i in range(eval_batches)]
        return int(sum(int(c) for c in correct)), eval_batches * w2.EVAL_BATCH

    rng = np.random.default_rng(args.seed)

    def mean64(losses):
        return float(np.mean(np.asarray(jax.device_get(losses), dtype=np.float64)))

    epoch_losses = []
    if args.variant == "loop":
        step = jax.jit(train_step)
        t0 = time.perf_counter()
        jax.block_until_ready(step(state, x_np[:batch], y_np[:batch]))
        evaluate(state[0])
        warmup_s = time.perf_counter() - t0

        start = time.perf_counter()
        for _ in range(args.epochs):
            order = rng.permutation(x_np.shape[0])
            losses = []
            for s in range(steps_per_epoch):
                idx = order[s * batch:(s + 1) * batch]
                state, loss = step(state, x_np[idx], y_np[idx])
                losses.append(loss)
            epoch_losses.append(mean64(losses))
            correct, count = evaluate(state[0])
        train_s = time.perf_counter() - start
    else:
        xs, ys = jnp.asarray(x_np), jnp.asarray(y_np)

        @jax.jit
        def run_epoch(state, order):
            def body(state, idx):
                return train_step(state, xs[idx], ys[idx])
            return lax.scan(body, state,
                            order[:steps_per_epoch * batch].reshape(steps_per_epoch, batch))

        t0 = time.perf_counter()
        jax.block_until_ready(run_epoch(state, jnp.arange(x_np.shape[0], dtype=jnp.int32)))
        evaluate(state[0])
        warmup_s = time.perf_counter() - t0

        start = time.perf_counter()
        for _ in range(args.epochs):
            order = jnp.asarray(rng.permutation(x_np.shape[0]).astype(np.int32))
            state, losses = run_epoch(state, order)
            epoch_losses.append(mean64(losses))
            correct, count = evaluate(state[0])
        train_s = time.perf_counter() - start

    steps = args.epochs * steps_per_epoch
    import jaxlib
    w2.emit({
        "workload": "w2",
        "impl": "jax-" + args.variant,
        "seed": args.seed,
        "steps": steps,
        "samples": steps * batch,
        "train_s": train_s,
        "samples_per_s": steps * batch / train_s,
        "final_loss": epoch_losses[-1],
        "test_accuracy": correct / count,
        "epoch_losses": epoch_losses,
        "warmup_s": warmup_s,
        "threads": len(os.sched_getaffinity(0)),
        "versions": {"jax": jax.__version__, "jaxlib": jaxlib.__version__,
                     "numpy": np.__version__, "python": sys.version.split()[0]},
        "backend": jax.default_backend(),
        "xla_flags": os.environ.get("XLA_FLAGS", ""),
    })


if __name__ == "__main__":
    main()
