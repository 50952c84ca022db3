#!/usr/bin/python3
"""Writes the NPZ fixtures that NpzArchiveTests reads, with numpy (Debian's python3-numpy).

Every value follows a formula the tests recompute, so the files are their own oracle:
pixel = (31n + 11c + 7h + 3w) mod 256, feature = n / 2 - f / 4, label = n mod classes.
Run from this folder: /usr/bin/python3 make_npz.py
"""
import numpy as np


def pixels(n, c, h, w):
    return (31 * n + 11 * c + 7 * h + 3 * w) % 256


def grid(shape, order):
    # order names the axes of `shape`: "nhw", "nhwc" or "nchw"
    index = np.indices(shape)
    axes = dict(zip(order, index))
    return pixels(axes["n"], axes.get("c", 0), axes["h"], axes["w"])


np.savez("images_nhw.npz", x=grid((5, 4, 3), "nhw").astype(np.uint8), y=np.arange(5) % 3)
np.savez_compressed("images_nhwc.npz", x=grid((4, 3, 2, 3), "nhwc").astype(np.uint8), y=(np.arange(4) % 2).astype(np.int32))
np.savez("images_nchw_float.npz", x=(grid((3, 2, 4, 5), "nchw") / 255.0).astype(np.float32), y=(np.arange(3) % 2).astype(np.uint8))
n, f = np.indices((6, 4))
np.savez_compressed("features.npz", x=(n / 2 - f / 4).astype(np.float64), y=np.arange(6) % 3)
