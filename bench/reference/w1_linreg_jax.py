#!/usr/bin/env python3
"""W1 linreg in JAX, the way a user writes it (WORKLOADS.md, W1).

The same workload as w1_linreg_torch.py, on the same data (NumPy, same seed):
y = x W^T + b with W [1, 64] and b [1] drawn like PyTorch's nn.Linear default
(U(-1/sqrt(64), 1/sqrt(64))), MSE, plain SGD lr 0.01, batch 256, 10 epochs of
256 steps in order, the last partial batch dropped.

--variant loop (default): the train step (value_and_grad + SGD update) is one
  jax.jit function; the epoch/step loop is Python, batches are NumPy slices
  of the host data passed to the jitted step (JAX copies them in), and each
  step's loss is kept and averaged once per epoch (so dispatch stays
  asynchronous within an epoch).
--variant scan: one jax.jit function runs a whole epoch as lax.scan over the
  data set reshaped to [256 steps, 256, 64], put on the device once before
  timing; the Python loop is over epochs only.

Warm-up: the jitted function is compiled and run once (one step for loop, one
epoch for scan) and its result discarded. Only the training loop is timed.
XLA's CPU client sizes its thread pool from the CPUs the process may run on;
--threads N restricts the process to N CPUs (a no-op on a 2-core machine with
--threads 2), and XLA_FLAGS gets --xla_cpu_multi_thread_eigen=true.

Prints one JSON line. Run by bench/run.py; alone:
    bench/.venv/bin/python bench/reference/w1_linreg_jax.py --seed 7
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import w1_common as w1  # noqa: E402

XLA_THREAD_FLAG = "--xla_cpu_multi_thread_eigen=true"


def main():
    args = w1.parse_args(__doc__.splitlines()[0], variants=["loop", "scan"])
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

    x_np, y_np = w1.make_data(args.seed)
    steps_per_epoch = w1.SAMPLES // w1.BATCH  # the last partial batch is dropped
    batch = w1.BATCH

    key_w, key_b = jax.random.split(jax.random.key(args.seed))
    bound = 1.0 / np.sqrt(w1.FEATURES)
    params = {
        "w": jax.random.uniform(key_w, (1, w1.FEATURES), jnp.float32, -bound, bound),
        "b": jax.random.uniform(key_b, (1,), jnp.float32, -bound, bound),
    }

    def loss_fn(p, xb, yb):
        pred = xb @ p["w"].T + p["b"]
        return jnp.mean((pred - yb) ** 2)

    def train_step(p, xb, yb):
        loss, grads = jax.value_and_grad(loss_fn)(p, xb, yb)
        p = jax.tree_util.tree_map(lambda v, g: v - w1.LR * g, p, grads)
        return p, loss

    def mean64(losses):
        return float(np.mean(np.asarray(jax.device_get(losses), dtype=np.float64)))

    epoch_losses = []
    if args.variant == "loop":
        step = jax.jit(train_step)
        t0 = time.perf_counter()
        jax.block_until_ready(step(params, x_np[:batch], y_np[:batch]))
        warmup_s = time.perf_counter() - t0

        start = time.perf_counter()
        for _ in range(args.epochs):
            losses = []
            for s in range(steps_per_epoch):
                lo = s * batch
                params, loss = step(params, x_np[lo:lo + batch], y_np[lo:lo + batch])
                losses.append(loss)
            epoch_losses.append(mean64(losses))
        jax.block_until_ready(params)
        train_s = time.perf_counter() - start
    else:
        used = steps_per_epoch * batch
        xs = jnp.asarray(x_np[:used].reshape(steps_per_epoch, batch, w1.FEATURES))
        ys = jnp.asarray(y_np[:used].reshape(steps_per_epoch, batch, 1))

        @jax.jit
        def run_epoch(p, xs, ys):
            return lax.scan(lambda p, xy: train_step(p, *xy), p, (xs, ys))

        t0 = time.perf_counter()
        jax.block_until_ready(run_epoch(params, xs, ys))
        warmup_s = time.perf_counter() - t0

        start = time.perf_counter()
        for _ in range(args.epochs):
            params, losses = run_epoch(params, xs, ys)
            epoch_losses.append(mean64(losses))
        jax.block_until_ready(params)
        train_s = time.perf_counter() - start

    steps = args.epochs * steps_per_epoch
    import jaxlib
    w1.emit({
        "workload": "w1",
        "impl": "jax-" + args.variant,
        "seed": args.seed,
        "steps": steps,
        "samples": steps * batch,
        "train_s": train_s,
        "samples_per_s": steps * batch / train_s,
        "final_loss": epoch_losses[-1],
        "epoch_losses": epoch_losses,
        "warmup_s": warmup_s,
        "threads": len(os.sched_getaffinity(0)),
        "data_checksum": w1.data_checksum(x_np, y_np),
        "versions": {"jax": jax.__version__, "jaxlib": jaxlib.__version__,
                     "numpy": np.__version__, "python": sys.version.split()[0]},
        "backend": jax.default_backend(),
        "xla_flags": os.environ.get("XLA_FLAGS", ""),
    })


if __name__ == "__main__":
    main()
