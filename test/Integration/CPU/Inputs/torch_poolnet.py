"""The PyTorch twin of torch-parity-poolnet.test's model: writes its
initial parameters (torch.manual_seed(0), PyTorch's default init) and its
parameters after STEPS plain SGD steps (lr 0.1, cross-entropy) on the first
STEPS batches of 64 Fashion-MNIST training images in file order, both as
safetensors files named as mdlc names them.

usage: torch_poolnet.py DATA_DIR STEPS INIT.safetensors FINAL.safetensors
"""
import gzip
import os
import struct
import sys

import json

import numpy as np
import torch
import torch.nn.functional as F


def read_idx(path, count):
    data = gzip.open(path, "rb").read()
    ndim = data[3]
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    array = np.frombuffer(data, np.uint8, offset=4 + 4 * ndim)
    return array.reshape(dims)[:count]


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


def main(data_dir, steps, init_path, final_path):
    steps = int(steps)
    torch.manual_seed(0)
    torch.set_num_threads(1)
    model = PoolNet()
    save(model, init_path)
    images = read_idx(os.path.join(data_dir, "train-images-idx3-ubyte.gz"), 64 * steps)
    labels = read_idx(os.path.join(data_dir, "train-labels-idx1-ubyte.gz"), 64 * steps)
    x = torch.from_numpy(images.astype(np.float32) / np.float32(255.0)).reshape(-1, 1, 28, 28)
    y = torch.from_numpy(labels.astype(np.int64))
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for step in range(steps):
        opt.zero_grad()
        F.cross_entropy(model(x[64 * step:64 * (step + 1)]),
                        y[64 * step:64 * (step + 1)]).backward()
        opt.step()
    save(model, final_path)


if __name__ == "__main__":
    main(*sys.argv[1:])
