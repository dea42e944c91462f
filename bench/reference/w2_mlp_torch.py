#!/usr/bin/env python3
"""W2 mlp in PyTorch, the way a user writes it (WORKLOADS.md, W2).

nn.Sequential(Linear(784, 256), ReLU, Linear(256, 128), ReLU, Linear(128,
10)) with PyTorch's default initialisation, F.cross_entropy, torch.optim.Adam
lr 1e-3, batch 128, 1 epoch of 468 steps over a torch.randperm order (the
last partial batch dropped), then the test accuracy over the full batches of
the test set (as mdlc evaluates). Batches are gathered by index from the
in-memory data set. One warm-up step is taken on a copy of the initial state
and undone. Timed: the epoch and the evaluation (see w2_common.py).

Prints one JSON line. Run by bench/run.py; alone:
    python3 bench/reference/w2_mlp_torch.py --seed 7
"""

import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import w2_common as w2  # noqa: E402
import w1_common as w1  # noqa: E402  (loaded_libraries)


def main():
    args = w2.parse_args(__doc__.splitlines()[0])
    import torch
    import torch.nn.functional as F

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)

    x_np, y_np = w2.load("train", args.data_dir)
    xt_np, yt_np = w2.load("t10k", args.data_dir)
    x, y = torch.from_numpy(x_np), torch.from_numpy(y_np)
    xt, yt = torch.from_numpy(xt_np), torch.from_numpy(yt_np)

    model = torch.nn.Sequential(
        torch.nn.Linear(784, w2.HIDDEN[0]), torch.nn.ReLU(),
        torch.nn.Linear(w2.HIDDEN[0], w2.HIDDEN[1]), torch.nn.ReLU(),
        torch.nn.Linear(w2.HIDDEN[1], w2.CLASSES))
    steps_per_epoch = x.shape[0] // w2.BATCH

    # Warm-up: one step, then the initial parameters are put back.
    initial = {k: v.clone() for k, v in model.state_dict().items()}
    opt = torch.optim.Adam(model.parameters(), lr=w2.LR)
    t0 = time.perf_counter()
    opt.zero_grad(set_to_none=True)
    F.cross_entropy(model(x[:w2.BATCH]), y[:w2.BATCH]).backward()
    opt.step()
    warmup_s = time.perf_counter() - t0
    model.load_state_dict(initial)
    opt = torch.optim.Adam(model.parameters(), lr=w2.LR)
    generator = torch.Generator().manual_seed(args.seed)

    epoch_losses = []
    start = time.perf_counter()
    for _ in range(args.epochs):
        order = torch.randperm(x.shape[0], generator=generator)
        total = 0.0
        model.train()
        for step in range(steps_per_epoch):
            idx = order[step * w2.BATCH:(step + 1) * w2.BATCH]
            xb, yb = x[idx], y[idx]
            opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(xb), yb)
            loss.backward()
            opt.step()
            total += loss.item()
        epoch_losses.append(total / steps_per_epoch)
        # Evaluation over the full batches of the test set, as mdlc does.
        model.eval()
        correct = count = 0
        with torch.no_grad():
            for lo in range(0, xt.shape[0] - w2.EVAL_BATCH + 1, w2.EVAL_BATCH):
                pred = model(xt[lo:lo + w2.EVAL_BATCH]).argmax(dim=1)
                correct += int((pred == yt[lo:lo + w2.EVAL_BATCH]).sum())
                count += w2.EVAL_BATCH
    train_s = time.perf_counter() - start

    steps = args.epochs * steps_per_epoch
    config = torch.__config__.show()
    match = re.search(r"BLAS_INFO=([^,\s]+)", config)
    w2.emit({
        "workload": "w2",
        "impl": "pytorch",
        "seed": args.seed,
        "steps": steps,
        "samples": steps * w2.BATCH,
        "train_s": train_s,
        "samples_per_s": steps * w2.BATCH / train_s,
        "final_loss": epoch_losses[-1],
        "test_accuracy": correct / count,
        "epoch_losses": epoch_losses,
        "warmup_s": warmup_s,
        "threads": torch.get_num_threads(),
        "versions": {"torch": torch.__version__,
                     "numpy": __import__("numpy").__version__,
                     "python": sys.version.split()[0]},
        "blas": {"torch_blas_info": match.group(1) if match else "",
                 "loaded": w1.loaded_libraries(("blas", "mkl_rt", "libmkl"))},
        "torch_config": config,
        "parallel_info": torch.__config__.parallel_info(),
    })


if __name__ == "__main__":
    main()
