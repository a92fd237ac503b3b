"""The few ONNX protobuf messages `bot.bert_onnx` writes, encoded by hand, so building the graph needs neither
the `onnx` package (31 MB installed) nor protobuf's runtime.

Protocol buffers' wire format is simple: each field is a key (field number << 3 | wire type) then a varint,
a 4-byte float, or a length-prefixed byte string (strings, bytes and nested messages). Fields are written in
field-number order, as protobuf's own serializer does, so a model written here is byte for byte the one
`onnx.helper` builds from the same parts (tests/unit/test_onnx_proto.py checks it when `onnx` is installed).
Field numbers are those of onnx.proto (proto2: repeated integers are not packed).
"""
from __future__ import annotations

import struct
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

IR_VERSION = 8
"""The ONNX IR version that came with opset 17: the oldest that carries it, so older ONNX Runtimes load it."""
FLOAT, INT64 = 1, 7
"""TensorProto.DataType values."""
_DATA_TYPES = {np.dtype(np.float32): FLOAT, np.dtype(np.int64): INT64}
_ATTRIBUTE_FLOAT, _ATTRIBUTE_INT, _ATTRIBUTE_INTS = 1, 2, 7
"""AttributeProto.AttributeType values."""
_VARINT, _FIXED32, _BYTES = 0, 5, 2


def _varint(value: int) -> bytes:
    """Base-128 little-endian; a negative int64 as its two's complement in 64 bits (ten bytes)."""
    value &= (1 << 64) - 1
    out = bytearray()
    while value > 0x7F:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def _key(field: int, wire_type: int) -> bytes:
    return _varint(field << 3 | wire_type)


def _int(field: int, value: int) -> bytes:
    return _key(field, _VARINT) + _varint(value)


def _float(field: int, value: float) -> bytes:
    return _key(field, _FIXED32) + struct.pack("<f", value)


def _bytes(field: int, value: bytes | str) -> bytes:
    data = value.encode("utf-8") if isinstance(value, str) else value
    return _key(field, _BYTES) + _varint(len(data)) + data


def _each(field: int, messages: Iterable[bytes]) -> bytes:
    return b"".join(_bytes(field, message) for message in messages)


def tensor(name: str, value: np.ndarray) -> bytes:
    """TensorProto: dims (1), data_type (2), name (8), raw_data (9, little-endian)."""
    dims = b"".join(_int(1, size) for size in value.shape)
    raw = np.ascontiguousarray(value, dtype=value.dtype.newbyteorder("<")).tobytes()
    return dims + _int(2, _DATA_TYPES[value.dtype]) + _bytes(8, name) + _bytes(9, raw)


def _attribute(name: str, value: int | float | Sequence[int]) -> bytes:
    """AttributeProto: name (1), f (2), i (3), ints (8), type (20)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, list, tuple)):
        raise TypeError(f"attribute {name}: {value!r} is not an int, a float or a list of ints")
    if isinstance(value, int):
        return _bytes(1, name) + _int(3, value) + _int(20, _ATTRIBUTE_INT)
    if isinstance(value, float):
        return _bytes(1, name) + _float(2, value) + _int(20, _ATTRIBUTE_FLOAT)
    return _bytes(1, name) + b"".join(_int(8, item) for item in value) + _int(20, _ATTRIBUTE_INTS)


def node(op_type: str, inputs: Sequence[str], outputs: Sequence[str], attributes: Mapping[str, object]) -> bytes:
    """NodeProto: input (1), output (2), op_type (4), attribute (5, sorted by name as onnx.helper does)."""
    return (b"".join(_bytes(1, name) for name in inputs) + b"".join(_bytes(2, name) for name in outputs)
            + _bytes(4, op_type) + _each(5, (_attribute(key, attributes[key]) for key in sorted(attributes))))


def value_info(name: str, elem_type: int, shape: Sequence[int | str]) -> bytes:
    """ValueInfoProto of a tensor: a dimension is a size (dim_value) or a symbolic name (dim_param)."""
    dims = (_int(1, size) if isinstance(size, int) else _bytes(2, size) for size in shape)
    tensor_type = _int(1, elem_type) + _bytes(2, _each(1, dims))  # TypeProto.Tensor: elem_type, shape
    return _bytes(1, name) + _bytes(2, _bytes(1, tensor_type))  # name, type (TypeProto.tensor_type)


def model(graph_name: str, nodes: Sequence[bytes], initializers: Sequence[bytes], inputs: Sequence[bytes],
          outputs: Sequence[bytes], opset: int, producer: str) -> bytes:
    """ModelProto: ir_version (1), producer_name (2), graph (7), opset_import (8, the default domain "")."""
    graph = _each(1, nodes) + _bytes(2, graph_name) + _each(5, initializers) + _each(11, inputs) + _each(12, outputs)
    opset_import = _bytes(1, "") + _int(2, opset)
    return _int(1, IR_VERSION) + _bytes(2, producer) + _bytes(7, graph) + _bytes(8, opset_import)
