"""PyTorch side of the checkpoint round trip for stdlib_models/mlp_fashion.mdl.

usage: torch_roundtrip.py DATA_DIR MDLC_CHECKPOINT TORCH_OUT

Loads MDLC_CHECKPOINT (written by the compiled program) into the equivalent
torch.nn model with load_state_dict(strict=True), evaluates it on the first
9984 test images (the full batches of 128 the program evaluates), and
prints {"accuracy":..., "loss":...}. Then writes a freshly initialised
model's state_dict to TORCH_OUT (safetensors, by hand: json + struct) and
prints its evaluation on a second line, for the program's --init/--weights.
"""
import json
import sys

import torch
from torch import nn

sys.path.insert(0, __file__.rsplit("/", 1)[0])
import st  # noqa: E402  (json+struct safetensors reader/writer)
import torch_common  # noqa: E402


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(28 * 28, 256)
        self.fc2 = nn.Linear(256, 128)
        self.fc3 = nn.Linear(128, 10)

    def forward(self, x):
        x = x.flatten(1)
        return self.fc3(torch.relu(self.fc2(torch.relu(self.fc1(x)))))



def evaluate(model, images, labels):
    with torch.no_grad():
        logits = model(images)
        loss = nn.functional.cross_entropy(logits, labels).item()
        accuracy = (logits.argmax(1) == labels).double().mean().item()
    return {"accuracy": accuracy, "loss": loss}


def main(data_dir, checkpoint, out):
    n = 9984
    images, labels = torch_common.fashion(data_dir, "t10k", n)

    tensors, _ = st.read(checkpoint)
    state = {name: torch.tensor(st.floats(dtype, raw)).reshape(shape)
             for name, (dtype, shape, raw) in tensors.items()}
    model = MLP()
    model.load_state_dict(state, strict=True)
    print(json.dumps(evaluate(model, images, labels)))

    torch.manual_seed(0)
    fresh = MLP()
    torch_common.save(fresh, out)
    print(json.dumps(evaluate(fresh, images, labels)))


main(*sys.argv[1:])
