"""A BERT encoder written as an ONNX graph straight from its safetensors weights: no torch, no tracing.

The packaged sentence model (all-MiniLM-L6-v2) is a plain BERT encoder. Its forward pass is a short, fixed
sequence of matrix products, layer norms, softmax attention and GELU, so the graph is spelled out here node by
node from `config.json` and filled with the weights read by `safetensors.numpy`. The result computes the same
token embeddings as the transformers implementation (a test compares them with sentence-transformers when
torch is installed); mean pooling and normalisation stay in numpy (`bot/onnx_encoder.py`). The protobuf is
written by `bot.onnx_proto`, so neither the `onnx` package nor torch is needed.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

from bot import onnx_proto

OPSET = 17
"""LayerNormalization is an operator from opset 17 on."""
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
MASKED = -10_000.0
"""Added to the attention score of a padding position: its weight after softmax is zero in float32."""


class _Graph:
    """Nodes and initializers of one graph, with fresh names for intermediate values."""

    def __init__(self, weights: dict[str, np.ndarray]) -> None:
        self.weights, self._count = weights, 0
        self.nodes: list[bytes] = []
        self.initializers: list[bytes] = []

    def const(self, name: str, value: np.ndarray) -> str:
        """A constant input; `name` is made unique, so helpers may reuse one for each call."""
        unique = f"{name}_{len(self.initializers)}"
        self.initializers.append(onnx_proto.tensor(unique, np.ascontiguousarray(value)))
        return unique

    def weight(self, name: str, transpose: bool = False) -> str:
        value = self.weights[name]
        return self.const(name, value.T if transpose else value)

    def op(self, kind: str, *inputs: str, **attributes) -> str:
        self._count += 1
        output = f"{kind.lower()}_{self._count}"
        self.nodes.append(onnx_proto.node(kind, inputs, [output], attributes))
        return output

    def linear(self, x: str, prefix: str) -> str:
        """x @ W.T + b for a torch-style Linear whose weight is stored (out, in)."""
        return self.op("Add", self.op("MatMul", x, self.weight(f"{prefix}.weight", transpose=True)),
                       self.weight(f"{prefix}.bias"))

    def layer_norm(self, x: str, prefix: str, epsilon: float) -> str:
        return self.op("LayerNormalization", x, self.weight(f"{prefix}.weight"), self.weight(f"{prefix}.bias"),
                       axis=-1, epsilon=epsilon)

    def gelu(self, x: str) -> str:
        """The exact GELU BERT uses: x * (1 + erf(x / sqrt 2)) / 2."""
        erf = self.op("Erf", self.op("Div", x, self.const("sqrt2", np.array(math.sqrt(2), np.float32))))
        one = self.const("one", np.array(1.0, np.float32))
        half = self.const("half", np.array(0.5, np.float32))
        return self.op("Mul", self.op("Mul", x, self.op("Add", erf, one)), half)


def _embeddings(graph: _Graph, epsilon: float) -> str:
    words = graph.op("Gather", graph.weight("embeddings.word_embeddings.weight"), "input_ids")
    # Positions 0..tokens-1 on every row, counted from the ids themselves (a running sum of ones).
    ones = graph.op("Add", graph.op("Mul", "input_ids", graph.const("zero", np.array(0, np.int64))),
                    graph.const("one", np.array(1, np.int64)))
    positions = graph.op("Sub", graph.op("CumSum", ones, graph.const("axis", np.array(1, np.int64))),
                         graph.const("one", np.array(1, np.int64)))
    placed = graph.op("Gather", graph.weight("embeddings.position_embeddings.weight"), positions)
    kinds = graph.op("Gather", graph.weight("embeddings.token_type_embeddings.weight"), "token_type_ids")
    summed = graph.op("Add", graph.op("Add", words, placed), kinds)
    return graph.layer_norm(summed, "embeddings.LayerNorm", epsilon)


def _mask_bias(graph: _Graph) -> str:
    """(batch, 1, 1, tokens): 0 where a token is real, MASKED where it is padding."""
    mask = graph.op("Cast", "attention_mask", to=1)  # 1 = FLOAT
    missing = graph.op("Sub", graph.const("mask_one", np.array(1.0, np.float32)), mask)
    bias = graph.op("Mul", missing, graph.const("masked", np.array(MASKED, np.float32)))
    return graph.op("Unsqueeze", bias, graph.const("mask_axes", np.array([1, 2], np.int64)))


def _heads(graph: _Graph, x: str, heads: int, width: int, transpose_key: bool = False) -> str:
    """(batch, tokens, hidden) -> (batch, heads, tokens, width), or (batch, heads, width, tokens) for keys."""
    split = graph.op("Reshape", x, graph.const("split", np.array([0, 0, heads, width], np.int64)))
    return graph.op("Transpose", split, perm=[0, 2, 3, 1] if transpose_key else [0, 2, 1, 3])


def _attention(graph: _Graph, x: str, bias: str, prefix: str, heads: int, hidden: int) -> str:
    width = hidden // heads
    query = _heads(graph, graph.linear(x, f"{prefix}.self.query"), heads, width)
    key = _heads(graph, graph.linear(x, f"{prefix}.self.key"), heads, width, transpose_key=True)
    value = _heads(graph, graph.linear(x, f"{prefix}.self.value"), heads, width)
    scale = graph.const("scale", np.array(1 / math.sqrt(width), np.float32))
    scores = graph.op("Add", graph.op("Mul", graph.op("MatMul", query, key), scale), bias)
    context = graph.op("MatMul", graph.op("Softmax", scores, axis=-1), value)
    joined = graph.op("Reshape", graph.op("Transpose", context, perm=[0, 2, 1, 3]),
                      graph.const("join", np.array([0, 0, hidden], np.int64)))
    return graph.linear(joined, f"{prefix}.output.dense")


def _layer(graph: _Graph, x: str, bias: str, index: int, config: dict) -> str:
    prefix, epsilon = f"encoder.layer.{index}", config["layer_norm_eps"]
    attended = _attention(graph, x, bias, f"{prefix}.attention", config["num_attention_heads"],
                          config["hidden_size"])
    x = graph.layer_norm(graph.op("Add", attended, x), f"{prefix}.attention.output.LayerNorm", epsilon)
    inner = graph.gelu(graph.linear(x, f"{prefix}.intermediate.dense"))
    out = graph.linear(inner, f"{prefix}.output.dense")
    return graph.layer_norm(graph.op("Add", out, x), f"{prefix}.output.LayerNorm", epsilon)


def bert_graph(model_dir: Path) -> bytes:
    """The ONNX model (a serialized ModelProto) of the BERT encoder in `model_dir`: token embeddings out."""
    from safetensors.numpy import load_file

    config = json.loads((model_dir / "config.json").read_text())
    if config.get("model_type") != "bert" or config.get("hidden_act") != "gelu":
        raise ValueError(f"{model_dir} is not a BERT encoder with GELU this builder knows")
    graph = _Graph(load_file(str(model_dir / "model.safetensors")))
    x, bias = _embeddings(graph, config["layer_norm_eps"]), _mask_bias(graph)
    for index in range(config["num_hidden_layers"]):
        x = _layer(graph, x, bias, index, config)
    graph.nodes.append(onnx_proto.node("Identity", [x], ["tokens"], {}))
    inputs = [onnx_proto.value_info(name, onnx_proto.INT64, ["batch", "tokens"]) for name in INPUTS]
    output = onnx_proto.value_info("tokens", onnx_proto.FLOAT, ["batch", "tokens", config["hidden_size"]])
    return onnx_proto.model("bert_encoder", graph.nodes, graph.initializers, inputs, [output], OPSET, "tipjar")
