#!/usr/bin/python3
"""Writes a scikit-learn classifier for the committed digits task the way skl2onnx exports one with
options={'zipmap': False}: a flat float input, ai.onnx.ml's LinearClassifier (softmax post-transform) then its
Normalizer, and two outputs, an int64 label and float probabilities. skl2onnx is not packaged here, so the graph is
built with onnx.helper from the fitted model's own coefficients; the operators, domains and outputs are the ones
skl2onnx writes for a multinomial LogisticRegression.

    sklearn-logistic    trained on pixels in 0..16 as sklearn.datasets.load_digits gives them, so its sidecar
                        states scale 16; the ai.onnx.ml domain has to survive the ensemble's ONNX export.

expected.npz holds scikit-learn's own predict_proba on the digits test split, the oracle the C# tests compare with.

    /usr/bin/python3 tests/Fixtures/sklearn/make_fixtures.py    (python3-sklearn, python3-onnx)
"""
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper
from sklearn.linear_model import LogisticRegression

here = os.path.dirname(os.path.abspath(__file__))
digits = os.path.join(here, "..", "..", "..", "models", "digits", "data")
SCALE = 16.0


def split(name):
    data = np.load(os.path.join(digits, name + ".npz"))
    return data["x"].reshape(len(data["x"]), -1) * SCALE, data["y"]  # [N,64] in 0..16


(train_x, train_y), (test_x, test_y) = split("train"), split("test")
model = LogisticRegression(C=0.05, max_iter=2000).fit(train_x, train_y)
classes = [int(c) for c in model.classes_]

graph = helper.make_graph(
    [
        helper.make_node("LinearClassifier", ["float_input"], ["label", "probability_tensor"], domain="ai.onnx.ml",
                         classlabels_ints=classes, coefficients=model.coef_.astype(np.float32).ravel().tolist(),
                         intercepts=model.intercept_.astype(np.float32).tolist(), multi_class=1, post_transform="SOFTMAX"),
        helper.make_node("Normalizer", ["probability_tensor"], ["probabilities"], domain="ai.onnx.ml", norm="L1"),
    ],
    "sklearn-logistic",
    [helper.make_tensor_value_info("float_input", TensorProto.FLOAT, [None, 64])],
    [helper.make_tensor_value_info("label", TensorProto.INT64, [None]),
     helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [None, len(classes)])],
)
onnx_model = helper.make_model(graph, producer_name="skl2onnx-style", opset_imports=[
    helper.make_opsetid("", 15), helper.make_opsetid("ai.onnx.ml", 1)])
onnx_model.ir_version = 8
onnx.checker.check_model(onnx_model, full_check=True)
onnx.save(onnx_model, os.path.join(here, "sklearn-logistic.onnx"))
with open(os.path.join(here, "sklearn-logistic.json"), "w") as f:
    json.dump({"input": {"scale": SCALE}}, f, indent=2)
    f.write("\n")

expected = model.predict_proba(test_x).astype(np.float32)
print(f"sklearn-logistic: scikit-learn test accuracy {(expected.argmax(axis=1) == test_y).mean():.4f}")
np.savez_compressed(os.path.join(here, "expected.npz"), sklearn_logistic=expected)
