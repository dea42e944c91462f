"""The PyTorch twin of torch-parity-poolnet.test's model: writes its
initial parameters (torch.manual_seed(0), PyTorch's default init) and its
parameters after STEPS plain SGD steps (lr 0.1, cross-entropy) on the first
STEPS batches of 64 Fashion-MNIST training images in file order, both as
safetensors files named as mdlc names them.

usage: torch_poolnet.py DATA_DIR STEPS INIT.safetensors FINAL.safetensors
"""
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_common  # noqa: E402


class PoolNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(1, 8, 3, padding=1)
        self.conv2 = torch.nn.Conv2d(8, 16, 3, dilation=2)
        self.fc = torch.nn.Linear(16 * 5 * 5, 10)

    def forward(self, x):
        h = F.max_pool2d(F.relu(self.conv1(x)), 2)
        g = F.avg_pool2d(F.leaky_relu(self.conv2(h)), 2)
        return self.fc(g.flatten(1))


def main(data_dir, steps, init_path, final_path):
    steps = int(steps)
    torch.manual_seed(0)
    torch.set_num_threads(1)
    model = PoolNet()
    torch_common.save(model, init_path)
    x, y = torch_common.fashion(data_dir, "train", 64 * steps)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for step in range(steps):
        opt.zero_grad()
        F.cross_entropy(model(x[64 * step:64 * (step + 1)]),
                        y[64 * step:64 * (step + 1)]).backward()
        opt.step()
    torch_common.save(model, final_path)


if __name__ == "__main__":
    main(*sys.argv[1:])
