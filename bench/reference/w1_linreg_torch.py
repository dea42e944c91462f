#!/usr/bin/env python3
"""W1 linreg in PyTorch, the way a user writes it (WORKLOADS.md, W1).

nn.Linear(64, 1) with PyTorch's default initialisation, MSE, torch.optim.SGD
lr 0.01, batch 256, 10 epochs of 256 steps over the samples in order (no
shuffling, the last partial batch dropped). Batches are slices (views) of the
in-memory data set. One warm-up step is taken on a copy of the initial state
and undone; then only the training loop is timed: every epoch, every step's
forward, backward and update, and the per-step loss read back for the epoch
mean (as mdlc logs every step's loss). final_loss is the mean loss of the last
epoch, as mdlc reports it.

Prints one JSON line. Run by bench/run.py; alone:
    python3 bench/reference/w1_linreg_torch.py --seed 7
"""

import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import w1_common as w1  # noqa: E402


def main():
    args = w1.parse_args(__doc__.splitlines()[0])
    import torch
    import torch.nn.functional as F

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)

    x_np, y_np = w1.make_data(args.seed)
    x = torch.from_numpy(x_np)
    y = torch.from_numpy(y_np)

    model = torch.nn.Linear(w1.FEATURES, 1)  # default init: U(-1/sqrt(64), 1/sqrt(64))
    steps_per_epoch = w1.SAMPLES // w1.BATCH  # the last partial batch is dropped

    def make_optimizer():
        return torch.optim.SGD(model.parameters(), lr=w1.LR)

    # Warm-up: one step, then the initial parameters are put back.
    initial = {k: v.clone() for k, v in model.state_dict().items()}
    opt = make_optimizer()
    t0 = time.perf_counter()
    opt.zero_grad(set_to_none=True)
    F.mse_loss(model(x[:w1.BATCH]), y[:w1.BATCH]).backward()
    opt.step()
    warmup_s = time.perf_counter() - t0
    model.load_state_dict(initial)
    opt = make_optimizer()

    epoch_losses = []
    start = time.perf_counter()
    for _ in range(args.epochs):
        total = 0.0
        for step in range(steps_per_epoch):
            lo = step * w1.BATCH
            xb = x[lo:lo + w1.BATCH]
            yb = y[lo:lo + w1.BATCH]
            opt.zero_grad(set_to_none=True)
            loss = F.mse_loss(model(xb), yb)
            loss.backward()
            opt.step()
            total += loss.item()
        epoch_losses.append(total / steps_per_epoch)
    train_s = time.perf_counter() - start

    steps = args.epochs * steps_per_epoch
    config = torch.__config__.show()
    match = re.search(r"BLAS_INFO=([^,\s]+)", config)
    blas_info = match.group(1) if match else ""
    w1.emit({
        "workload": "w1",
        "impl": "pytorch",
        "seed": args.seed,
        "steps": steps,
        "samples": steps * w1.BATCH,
        "train_s": train_s,
        "samples_per_s": steps * w1.BATCH / train_s,
        "final_loss": epoch_losses[-1],
        "epoch_losses": epoch_losses,
        "warmup_s": warmup_s,
        "threads": torch.get_num_threads(),
        "data_checksum": w1.data_checksum(x_np, y_np),
        "versions": {"torch": torch.__version__,
                     "numpy": __import__("numpy").__version__,
                     "python": sys.version.split()[0]},
        "blas": {"torch_blas_info": blas_info,
                 "loaded": w1.loaded_libraries(("blas", "mkl_rt", "libmkl"))},
        "torch_config": config,
        "parallel_info": torch.__config__.parallel_info(),
    })


if __name__ == "__main__":
    main()
