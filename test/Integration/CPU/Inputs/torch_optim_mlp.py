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
import os
import sys

import torch
import torch.nn.functional as F
from torch.optim import lr_scheduler

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_common  # noqa: E402


class OptimMLP(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = torch.nn.Linear(28 * 28, 32)
        self.out = torch.nn.Linear(32, 10)

    def forward(self, x):
        return self.out(F.relu(self.hidden(x.flatten(1))))


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
    torch_common.save(init, os.path.join(out_dir, "init.safetensors"))
    x, y = torch_common.fashion(data_dir, "train", 64 * steps)
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
        torch_common.save(model, os.path.join(out_dir, "torch-%s.safetensors" % case))
        print("%s: %d steps, clipping engaged on %d" % (case, steps, clipped))


if __name__ == "__main__":
    import warnings
    warnings.simplefilter("ignore", UserWarning)  # SequentialLR's step(0)
    main(*sys.argv[1:])
