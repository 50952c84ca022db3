#!/usr/bin/python3
"""Writes this task's splits from scikit-learn's copy of the UCI optical handwritten digits (Debian's
python3-sklearn ships it as sklearn/datasets/data/digits.csv.gz: 1,797 8x8 images, pixels 0..16, label last).

Each class is shuffled with a fixed seed and cut 60/20/20 into train, validation and test, so every split has
every digit in proportion. Pixels are stored as float32 in [0, 1] (value / 16), images as [N, 8, 8].

    /usr/bin/python3 models/digits/prepare.py
"""
import gzip
import os

import numpy as np
import sklearn.datasets

source = os.path.join(os.path.dirname(sklearn.datasets.__file__), "data", "digits.csv.gz")
with gzip.open(source, "rt") as f:
    table = np.loadtxt(f, delimiter=",", dtype=np.int64)
pixels, labels = table[:, :64], table[:, 64]
assert pixels.shape == (1797, 64) and pixels.min() == 0 and pixels.max() == 16

random = np.random.RandomState(20261202)
splits = {"train": [], "validation": [], "test": []}
for digit in range(10):
    rows = np.flatnonzero(labels == digit)
    random.shuffle(rows)
    fifth = round(len(rows) / 5)
    splits["test"].extend(rows[:fifth])
    splits["validation"].extend(rows[fifth:2 * fifth])
    splits["train"].extend(rows[2 * fifth:])

data = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
os.makedirs(data, exist_ok=True)
for name, rows in splits.items():
    rows = np.sort(np.array(rows))
    x = (pixels[rows] / 16.0).astype(np.float32).reshape(-1, 8, 8)
    y = labels[rows].astype(np.int64)
    np.savez_compressed(os.path.join(data, name + ".npz"), x=x, y=y)
    print(f"{name}: {len(rows)} images, {np.bincount(y, minlength=10).tolist()} per digit")
