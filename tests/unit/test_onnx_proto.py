"""The hand-written ONNX protobuf: ONNX Runtime runs what it writes, and, where the `onnx` package is installed
(the semantic extra), it is byte for byte what onnx.helper writes from the same parts."""
from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from bot import onnx_proto

HIDDEN = 4


def _parts() -> dict:
    """A small graph with every kind of attribute the BERT builder uses: (x @ W + b), layer norm, softmax."""
    rng = np.random.default_rng(7)
    weight = rng.standard_normal((HIDDEN, HIDDEN)).astype(np.float32)
    return {
        "initializers": [("w", weight), ("b", np.arange(HIDDEN, dtype=np.float32)),
                         ("gamma", np.ones(HIDDEN, np.float32)), ("beta", np.zeros(HIDDEN, np.float32)),
                         ("shape", np.array([0, -1], np.int64)), ("scale", np.array(0.5, np.float32))],
        "nodes": [("MatMul", ["x", "w"], ["m"], {}), ("Add", ["m", "b"], ["a"], {}),
                  ("LayerNormalization", ["a", "gamma", "beta"], ["n"], {"epsilon": 1e-12, "axis": -1}),
                  ("Transpose", ["n"], ["t"], {"perm": [1, 0]}), ("Transpose", ["t"], ["u"], {"perm": [1, 0]}),
                  ("Mul", ["u", "scale"], ["s"], {}), ("Reshape", ["s", "shape"], ["r"], {}),
                  ("Softmax", ["r"], ["y"], {"axis": -1})],
        "weight": weight,
    }


def _ours(parts: dict) -> bytes:
    return onnx_proto.model(
        "small", [onnx_proto.node(*node) for node in parts["nodes"]],
        [onnx_proto.tensor(name, value) for name, value in parts["initializers"]],
        [onnx_proto.value_info("x", onnx_proto.FLOAT, ["batch", HIDDEN])],
        [onnx_proto.value_info("y", onnx_proto.FLOAT, ["batch", HIDDEN])], 17, "tipjar")


def test_onnx_runtime_runs_the_written_model_and_computes_the_graph():
    import onnxruntime

    parts = _parts()
    session = onnxruntime.InferenceSession(_ours(parts), providers=["CPUExecutionProvider"])
    x = np.random.default_rng(8).standard_normal((3, HIDDEN)).astype(np.float32)
    a = x @ parts["weight"] + np.arange(HIDDEN, dtype=np.float32)
    normed = (a - a.mean(-1, keepdims=True)) / np.sqrt(a.var(-1, keepdims=True) + 1e-12)
    scores = np.exp(normed * 0.5 - (normed * 0.5).max(-1, keepdims=True))
    expected = scores / scores.sum(-1, keepdims=True)
    np.testing.assert_allclose(session.run(None, {"x": x})[0], expected, rtol=1e-5, atol=1e-6)


def test_varints_and_negative_integers_take_protobufs_encoding():
    assert onnx_proto._varint(0) == b"\x00" and onnx_proto._varint(1) == b"\x01"
    assert onnx_proto._varint(300) == b"\xac\x02"
    assert onnx_proto._varint(-1) == b"\xff" * 9 + b"\x01"  # an int64 -1 is ten bytes on the wire


def test_an_attribute_of_another_kind_is_refused():
    with pytest.raises(TypeError):
        onnx_proto.node("Cast", ["x"], ["y"], {"to": "float"})


@pytest.mark.skipif(importlib.util.find_spec("onnx") is None, reason="the onnx package (semantic extra) is not installed")
def test_the_bytes_are_onnx_helpers_own():
    from onnx import TensorProto, checker, helper, numpy_helper

    parts = _parts()
    nodes = [helper.make_node(kind, inputs, outputs, **attributes) for kind, inputs, outputs, attributes in parts["nodes"]]
    initializers = [numpy_helper.from_array(value, name) for name, value in parts["initializers"]]
    graph = helper.make_graph(nodes, "small", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", HIDDEN])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", HIDDEN])],
                              initializer=initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="tipjar")
    model.ir_version = onnx_proto.IR_VERSION
    checker.check_model(model)
    assert _ours(parts) == model.SerializeToString()
