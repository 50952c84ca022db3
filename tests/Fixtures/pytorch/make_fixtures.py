#!/usr/bin/python3
"""Exports the PyTorch fixtures the adapter tests serve: small classifiers for the committed digits task, trained
here for a few seconds and written with torch.onnx.export, each with the sidecar (if any) a user would write.

    torch-logits        NCHW, raw logits out, no sidecar: serving must find out they are logits.
    torch-nhwc          NHWC input, softmax inside, its own class order (9..0), stated in its sidecar.
    torch-normalized    trained on (16·x − mean) / std, stated in its sidecar as scale, mean and std.
    torch-two-outputs   a label (int64 argmax) beside the probabilities, as skl2onnx writes with zipmap off.
    torch-nine-classes  nine outputs for a ten-class task: must be refused.

expected.npz holds PyTorch's own probabilities on the digits test split in the task's class order (softmaxed and
reordered where the model needs it), the oracle the C# tests compare ONNX Runtime's served output with.

    /usr/bin/python3 tests/Fixtures/pytorch/make_fixtures.py    (python3-torch, libopenblas0-openmp, python3-onnx)
"""
import json
import os

import numpy as np
import onnx
import torch
from torch import nn

here = os.path.dirname(os.path.abspath(__file__))
digits = os.path.join(here, "..", "..", "..", "models", "digits", "data")
torch.manual_seed(7)


def split(name):
    data = np.load(os.path.join(digits, name + ".npz"))
    return torch.from_numpy(data["x"]).unsqueeze(1), torch.from_numpy(data["y"])  # [N,1,8,8] in [0,1]


(train_x, train_y), (test_x, test_y) = split("train"), split("test")
MEAN, STD, SCALE = 4.9, 6.0, 16.0


def cnn(classes):
    return nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(),
                         nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(32, classes))


@torch.enable_grad()
def fit(net, x, y):
    optimizer = torch.optim.Adam(net.parameters(), lr=3e-3)
    for _ in range(25):
        for batch in torch.randperm(len(x)).split(64):
            optimizer.zero_grad()
            nn.functional.cross_entropy(net(x[batch]), y[batch]).backward()
            optimizer.step()
    return net.eval()


class Nhwc(nn.Module):
    """Takes [N,8,8,1], answers softmax probabilities in the order 9, 8, ..., 0."""
    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        return torch.softmax(self.net(x.permute(0, 3, 1, 2)), dim=1).flip(1)


class TwoOutputs(nn.Module):
    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        p = torch.softmax(self.net(x), dim=1)
        return p.argmax(dim=1), p


def export(module, example, name, inputs, outputs, sidecar=None):
    path = os.path.join(here, name + ".onnx")
    axes = {n: {0: "batch"} for n in inputs + outputs}
    torch.onnx.export(module, example, path, input_names=inputs, output_names=outputs, dynamic_axes=axes, opset_version=13)
    onnx.checker.check_model(onnx.load(path), full_check=True)
    if sidecar is not None:
        with open(os.path.join(here, name + ".json"), "w") as f:
            json.dump(sidecar, f, indent=2)
            f.write("\n")


expected = {}
with torch.no_grad():
    net = fit(cnn(10), train_x, train_y)
    export(net, test_x[:1], "torch-logits", ["x"], ["logits"])
    expected["torch-logits"] = torch.softmax(net(test_x), dim=1)

    net = fit(cnn(10), train_x, train_y)
    nhwc = Nhwc(net).eval()
    export(nhwc, test_x[:1].permute(0, 2, 3, 1), "torch-nhwc", ["image"], ["probs"],
           {"classes": [str(d) for d in range(9, -1, -1)], "input": {"layout": "NHWC"}})
    expected["torch-nhwc"] = nhwc(test_x.permute(0, 2, 3, 1)).flip(1)

    normalize = lambda x: (x * SCALE - MEAN) / STD
    net = fit(cnn(10), normalize(train_x), train_y)
    export(net, normalize(test_x[:1]), "torch-normalized", ["input"], ["logits"],
           {"input": {"scale": SCALE, "mean": [MEAN], "std": [STD]}, "output": {"kind": "logits"}})
    expected["torch-normalized"] = torch.softmax(net(normalize(test_x)), dim=1)

    net = fit(cnn(10), train_x, train_y)
    two = TwoOutputs(net).eval()
    export(two, test_x[:1], "torch-two-outputs", ["input"], ["label", "probabilities"])
    expected["torch-two-outputs"] = two(test_x)[1]

    net = fit(cnn(9), train_x, train_y.clamp(max=8))
    export(net, test_x[:1], "torch-nine-classes", ["input"], ["logits"])

for name, p in expected.items():
    accuracy = (p.argmax(dim=1) == test_y).float().mean().item()
    print(f"{name}: PyTorch test accuracy {accuracy:.4f}")
np.savez_compressed(os.path.join(here, "expected.npz"), **{k.replace("-", "_"): v.numpy().astype(np.float32) for k, v in expected.items()})
