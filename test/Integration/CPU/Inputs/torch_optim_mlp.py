"""The PyTorch twin of torch-parity-optimizers.test: writes the initial
parameters of optim_mlp.mdl's model (torch.manual_seed(0), PyTorch's default
init) to OUT_DIR/init.safetensors and, for every case, its parameters after
STEPS steps of the case's optimizer, schedule and clipping on the first
STEPS batches of 64 Fashion-MNIST training images in file order, as
torch.optim, torch.optim.lr_scheduler and torch.nn.utils.clip_grad_norm_
compute them (scheduler.step() after every optimizer.step()), to
OUT_DIR/torch-CASE.safetensors.

usage: torch_optim_mlp.py DATA_DIR STEPS OUT_DIR
"""
import gzip
import json
import os
import struct
import sys

import numpy as np
import torch
import torch.nn.functional as F
from torch.optim import lr_scheduler


def read_idx(path, count):
    data = gzip.open(path, "rb").read()
    ndim = data[3]
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    array = np.frombuffer(data, np.uint8, offset=4 + 4 * ndim)
    return array.reshape(dims)[:count]


class OptimMLP(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = torch.nn.Linear(28 * 28, 32)
        self.out = torch.nn.Linear(32, 10)

    def forward(self, x):
        return self.out(F.relu(self.hidden(x.flatten(1))))


def save(model, path):
    """The state_dict as a safetensors file (F32, little-endian)."""
    header, body = {}, b""
    for name, tensor in sorted(model.state_dict().items()):
        raw = tensor.detach().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensor.shape),
                        "data_offsets": [len(body), len(body) + len(raw)]}
        body += raw
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + body)


def make(case, params):
    """(optimizer, scheduler or None, max_norm or None) of each case; the
    same settings as the lines the test writes into optim_mlp.mdl."""
    if case == "nesterov":
        opt = torch.optim.SGD(params, lr=0.1, momentum=0.9, nesterov=True,
                              weight_decay=1e-3)
        sched = lr_scheduler.SequentialLR(opt, [
            lr_scheduler.LinearLR(opt, start_factor=0.2, total_iters=5),
            lr_scheduler.CosineAnnealingLR(opt, T_max=25, eta_min=0.01)],
            milestones=[5])
        return opt, sched, 0.5
    if case == "dampening":
        opt = torch.optim.SGD(params, lr=0.05, momentum=0.8, dampening=0.3,
                              weight_decay=0.01)
        return opt, lr_scheduler.StepLR(opt, step_size=7, gamma=0.5), None
    if case == "adam":
        opt = torch.optim.Adam(params, lr=1e-3, weight_decay=0.1)
        return opt, lr_scheduler.CosineAnnealingLR(opt, T_max=30), 1.0
    if case == "adamw":
        opt = torch.optim.AdamW(params, lr=1e-3, weight_decay=0.05)
        return opt, lr_scheduler.LinearLR(opt, total_iters=10), None
    raise SystemExit("unknown case " + case)


CASES = ["nesterov", "dampening", "adam", "adamw"]


def main(data_dir, steps, out_dir):
    steps = int(steps)
    torch.manual_seed(0)
    torch.set_num_threads(1)
    init = OptimMLP()
    save(init, os.path.join(out_dir, "init.safetensors"))
    images = read_idx(os.path.join(data_dir, "train-images-idx3-ubyte.gz"), 64 * steps)
    labels = read_idx(os.path.join(data_dir, "train-labels-idx1-ubyte.gz"), 64 * steps)
    x = torch.from_numpy(images.astype(np.float32) / np.float32(255.0)).reshape(-1, 1, 28, 28)
    y = torch.from_numpy(labels.astype(np.int64))
    for case in CASES:
        model = OptimMLP()
        model.load_state_dict(init.state_dict())
        opt, sched, max_norm = make(case, model.parameters())
        clipped = 0
        for step in range(steps):
            opt.zero_grad()
            F.cross_entropy(model(x[64 * step:64 * (step + 1)]),
                            y[64 * step:64 * (step + 1)]).backward()
            if max_norm is not None:
                norm = torch.nn.utils.clip_grad_norm_(model.parameters(),
                                                      max_norm)
                clipped += int(norm > max_norm)
            opt.step()
            sched.step()
        save(model, os.path.join(out_dir, "torch-%s.safetensors" % case))
        print("%s: %d steps, clipping engaged on %d" % (case, steps, clipped))


if __name__ == "__main__":
    import warnings
    warnings.simplefilter("ignore", UserWarning)  # SequentialLR's step(0)
    main(*sys.argv[1:])
