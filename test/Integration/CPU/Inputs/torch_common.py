"""What the PyTorch twins of the integration tests share: Fashion-MNIST
read as mdlc reads it (file order, pixels times 1/255), and a model's
state_dict written as a safetensors file through st.py.
"""
import gzip
import os
import struct
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import st  # noqa: E402  (json+struct safetensors reader/writer)


def read_idx(path, count):
    """The first `count` entries of a gzip IDX file as a uint8 array."""
    data = gzip.open(path, "rb").read()
    ndim = data[3]
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    array = np.frombuffer(data, np.uint8, offset=4 + 4 * ndim)
    return array.reshape(dims)[:count]


def fashion(data_dir, split, count):
    """(x f32 [count, 1, 28, 28], y int64 [count]): the first `count` images
    of `split` ('train' or 't10k') in file order, scaled like the programs'
    `scale: 1.0 / 255.0` (a multiplication by the float32 reciprocal)."""
    images = read_idx(os.path.join(data_dir, split + "-images-idx3-ubyte.gz"), count)
    labels = read_idx(os.path.join(data_dir, split + "-labels-idx1-ubyte.gz"), count)
    x = torch.from_numpy(images.astype(np.float32) * np.float32(1.0 / 255.0))
    return x.reshape(-1, 1, 28, 28), torch.from_numpy(labels.astype(np.int64))


def save(model, path, keep_int64=False):
    """The model's state_dict as a safetensors file: F32, or with
    `keep_int64` int64 tensors (batch norm's num_batches_tracked) as I64,
    as safetensors.torch.save_file writes them."""
    def entry(value):
        array = value.detach().contiguous().numpy()
        if keep_int64 and value.dtype == torch.int64:
            return ("I64", list(value.shape), array.astype("<i8").tobytes())
        return ("F32", list(value.shape), array.astype("<f4").tobytes())
    st.write(path, {name: entry(value)
                    for name, value in model.state_dict().items()}, {})
