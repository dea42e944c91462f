#!/usr/bin/env python3
"""W3 cnn in PyTorch, the way a user writes it (WORKLOADS.md, W3).

Conv2d(1, 32, 3) -> ReLU -> flatten (21,632) -> Linear 128 -> ReLU ->
Linear 10 with PyTorch's default initialisation, F.cross_entropy,
torch.optim.Adam lr 1e-3, batch 64, 1 epoch of 937 steps over a
torch.randperm order (the last partial batch dropped), then the test
accuracy over the full batches of 64 of the test set (as mdlc evaluates
stdlib_models/convnet_fashion.mdl). Timed: the epoch and the evaluation.

Prints one JSON line. Alone:
    python3 bench/reference/w3_cnn_torch.py --seed 0
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import w2_common as common  # noqa: E402  (Fashion-MNIST loading, CLI, output)

BATCH = 64
LR = 1e-3


def main():
    args = common.parse_args(__doc__.splitlines()[0])
    import torch
    import torch.nn.functional as F

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    x_np, y_np = common.load("train", args.data_dir)
    xt_np, yt_np = common.load("t10k", args.data_dir)
    x = torch.from_numpy(x_np).reshape(-1, 1, 28, 28)
    y = torch.from_numpy(y_np)
    xt = torch.from_numpy(xt_np).reshape(-1, 1, 28, 28)
    yt = torch.from_numpy(yt_np)

    model = torch.nn.Sequential(
        torch.nn.Conv2d(1, 32, 3), torch.nn.ReLU(), torch.nn.Flatten(),
        torch.nn.Linear(32 * 26 * 26, 128), torch.nn.ReLU(),
        torch.nn.Linear(128, 10))
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    generator = torch.Generator().manual_seed(args.seed)
    steps_per_epoch = x.shape[0] // BATCH

    epoch_losses = []
    start = time.perf_counter()
    for _ in range(args.epochs):
        order = torch.randperm(x.shape[0], generator=generator)
        total = 0.0
        model.train()
        for step in range(steps_per_epoch):
            idx = order[step * BATCH:(step + 1) * BATCH]
            opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
            total += loss.item()
        epoch_losses.append(total / steps_per_epoch)
    model.eval()
    correct = count = 0
    with torch.no_grad():
        for lo in range(0, xt.shape[0] - BATCH + 1, BATCH):
            pred = model(xt[lo:lo + BATCH]).argmax(dim=1)
            correct += int((pred == yt[lo:lo + BATCH]).sum())
            count += BATCH
    train_s = time.perf_counter() - start
    steps = args.epochs * steps_per_epoch
    common.emit({
        "workload": "w3",
        "impl": "pytorch",
        "seed": args.seed,
        "steps": steps,
        "samples": steps * BATCH,
        "train_s": train_s,
        "samples_per_s": steps * BATCH / train_s,
        "final_loss": epoch_losses[-1],
        "test_accuracy": correct / count,
        "epoch_losses": epoch_losses,
        "threads": torch.get_num_threads(),
        "versions": {"torch": torch.__version__},
    })


if __name__ == "__main__":
    main()
