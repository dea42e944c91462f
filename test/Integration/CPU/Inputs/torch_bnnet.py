"""The PyTorch twin of torch-parity-batchnorm.test's model: writes its
initial state_dict (torch.manual_seed(0), PyTorch's default init), its
state_dict after STEPS plain SGD steps (lr 0.1, cross-entropy, train mode)
on the first STEPS batches of 64 Fashion-MNIST training images in file
order, running statistics included, and prints the eval-mode accuracy and
mean loss on the 10,000 test images, and writes them to EVAL.json.

usage: torch_bnnet.py DATA_DIR STEPS INIT.safetensors FINAL.safetensors EVAL.json
"""
import json
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_common  # noqa: E402


class BNNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(1, 4, 3, padding=1)
        self.bn2 = torch.nn.BatchNorm2d(4)
        self.fc1 = torch.nn.Linear(4 * 14 * 14, 32)
        self.bn1 = torch.nn.BatchNorm1d(32, momentum=0.3)
        self.fc2 = torch.nn.Linear(32, 10)

    def forward(self, x):
        h = F.max_pool2d(F.relu(self.bn2(self.conv(x))), 2)
        return self.fc2(F.relu(self.bn1(self.fc1(h.flatten(1)))))


def main(data_dir, steps, init_path, final_path, eval_path):
    steps = int(steps)
    torch.manual_seed(0)
    torch.set_num_threads(1)
    model = BNNet()
    # num_batches_tracked stays int64, as PyTorch saves it.
    torch_common.save(model, init_path, keep_int64=True)
    x, y = torch_common.fashion(data_dir, "train", 64 * steps)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    model.train()
    for step in range(steps):
        opt.zero_grad()
        F.cross_entropy(model(x[64 * step:64 * (step + 1)]),
                        y[64 * step:64 * (step + 1)]).backward()
        opt.step()
    torch_common.save(model, final_path)
    model.eval()
    xt, yt = torch_common.fashion(data_dir, "t10k", 10000)
    with torch.no_grad():
        logits = model(xt)
        loss = F.cross_entropy(logits, yt).item()
        accuracy = (logits.argmax(1) == yt).float().mean().item()
    with open(eval_path, "w") as f:
        json.dump({"accuracy": accuracy, "loss": loss}, f)


if __name__ == "__main__":
    main(*sys.argv[1:])
