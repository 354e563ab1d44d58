"""int8 weight quantisation of an exported ONNX acoustic model (what sherpa-onnx ships as `model.int8.onnx`).

Every large float weight of a MatMul, Gemm or Conv becomes int8 with one symmetric scale per output channel
(scale = max |w| / 127 over that channel, zero point 0). Inputs, outputs, opset and `metadata_props` (the sherpa-onnx
NeMo CTC keys) are kept, so the result is a drop-in replacement for the float model.

Two graph forms, chosen per op kind:

- `dynamic` (MatMul / Gemm default): the activation is quantised at run time (`DynamicQuantizeLinear`) and multiplied
  in integers (`MatMulInteger`), then scaled back (`Cast`, `Mul` by activation scale x weight scales). This is the exact
  shape of onnxruntime's `quantize_dynamic`, which onnxruntime fuses into its `DynamicQuantizeMatMul` kernel: int8
  GEMMs at run time, not only a smaller file.
- `weights` (Conv default): int8 weights + `DequantizeLinear` (per-axis) in front of the unchanged float op, so the
  file shrinks ~4x and the op runs in float (onnxruntime's `ConvInteger` has no int8-weight kernel). A pointwise 1-D
  convolution (kernel 1, stride 1, no padding, one group: the Conformer convolution module's two projections, a large
  share of its weights) is a MatMul over channels, so in the `dynamic` form it becomes Transpose -> the dynamic int8
  MatMul -> bias -> Transpose (`pointwise_as_matmul`).

Usage (from the repository root):

    /usr/bin/python3 models/recipe/quantize.py models/verbatim-en-char-v1/model.onnx out/model.int8.onnx
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

QUANTIZABLE = ("MatMul", "Gemm", "Conv")


@dataclass(frozen=True)
class QuantizeOptions:
    """`matmul` / `conv`: graph form per op kind ('dynamic' or 'weights'; Conv supports 'weights' only).
    `min_elements`: weights smaller than this stay float (biases, tiny projections)."""

    matmul: str = "dynamic"
    conv: str = "weights"
    min_elements: int = 1024
    pointwise_as_matmul: bool = True


def quantize_weights(w: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric per-channel int8 along `axis`: returns (int8 weights, float32 scales of shape (w.shape[axis],))."""
    w = np.asarray(w, dtype=np.float32)
    reduce = tuple(i for i in range(w.ndim) if i != axis)
    amax = np.max(np.abs(w), axis=reduce) if reduce else np.abs(w)
    scale = np.where(amax > 0, amax / 127.0, 1.0).astype(np.float32)
    shape = [1] * w.ndim
    shape[axis] = -1
    q = np.clip(np.rint(w / scale.reshape(shape)), -127, 127).astype(np.int8)
    return q, scale


class _Rewriter:
    def __init__(self, model: onnx.ModelProto, options: QuantizeOptions):
        self.model = model
        self.options = options
        self.graph = model.graph
        self.inits = {i.name: i for i in self.graph.initializer}
        self.new_inits: list[onnx.TensorProto] = []
        self.done: dict[tuple[str, str], tuple[str, ...]] = {}  # (weight, form) -> names of its quantised tensors
        self.names: set[str] = {i.name for i in self.graph.initializer} | {n.name for n in self.graph.node}
        for n in self.graph.node:
            self.names.update(n.output)
        self.quantized = 0

    def fresh(self, base: str) -> str:
        name, i = base, 0
        while name in self.names:
            i += 1
            name = f"{base}_{i}"
        self.names.add(name)
        return name

    def weight(self, name: str) -> np.ndarray | None:
        init = self.inits.get(name)
        if init is None or init.data_type != TensorProto.FLOAT:
            return None
        w = numpy_helper.to_array(init)
        return w if w.size >= self.options.min_elements else None

    def add_init(self, name: str, value: np.ndarray) -> str:
        self.new_inits.append(numpy_helper.from_array(value, name))
        return name

    def dequantized(self, name: str, w: np.ndarray, axis: int) -> tuple[list[onnx.NodeProto], str]:
        """`DequantizeLinear` of the int8 copy of weight `name` (shared if several ops use it)."""
        key = (name, f"dq{axis}")
        if key not in self.done:
            q, scale = quantize_weights(w, axis)
            qn = self.add_init(self.fresh(f"{name}_quantized"), q)
            sn = self.add_init(self.fresh(f"{name}_scale"), scale)
            zn = self.add_init(self.fresh(f"{name}_zero_point"), np.zeros(scale.shape, np.int8))
            out = self.fresh(f"{name}_dequantized")
            node = helper.make_node("DequantizeLinear", [qn, sn, zn], [out], name=self.fresh(f"{name}_DequantizeLinear"),
                                    axis=axis)
            self.done[key] = (out,)
            self.quantized += 1
            return [node], out
        return [], self.done[key][0]

    def integer_weight(self, name: str, w: np.ndarray) -> tuple[str, str, str]:
        """int8 weight (K, N), its scales (N,) and a scalar zero point, for `MatMulInteger`."""
        key = (name, "integer")
        if key not in self.done:
            q, scale = quantize_weights(w, 1)
            self.done[key] = (
                self.add_init(self.fresh(f"{name}_quantized"), q),
                self.add_init(self.fresh(f"{name}_scale"), scale),
                self.add_init(self.fresh(f"{name}_zero_point"), np.zeros((), np.int8)),
            )
            self.quantized += 1
        return self.done[key]  # type: ignore[return-value]

    def dynamic_matmul(self, a: str, weight: str, w: np.ndarray, out: str, prefix: str) -> list[onnx.NodeProto]:
        """The `quantize_dynamic` pattern onnxruntime fuses into `DynamicQuantizeMatMul`."""
        qn, sn, zn = self.integer_weight(weight, w)
        aq, ascale, azp = (self.fresh(f"{a}_quantized"), self.fresh(f"{a}_scale"), self.fresh(f"{a}_zero_point"))
        scale, acc, accf = self.fresh(f"{prefix}_scale"), self.fresh(f"{prefix}_int32"), self.fresh(f"{prefix}_float")
        return [
            helper.make_node("DynamicQuantizeLinear", [a], [aq, ascale, azp], name=self.fresh(f"{prefix}_quant")),
            helper.make_node("MatMulInteger", [aq, qn, azp, zn], [acc], name=self.fresh(f"{prefix}_MatMulInteger")),
            helper.make_node("Mul", [ascale, sn], [scale], name=self.fresh(f"{prefix}_scales_mul")),
            helper.make_node("Cast", [acc], [accf], name=self.fresh(f"{prefix}_cast"), to=TensorProto.FLOAT),
            helper.make_node("Mul", [accf, scale], [out], name=self.fresh(f"{prefix}_output_mul")),
        ]

    def pointwise_conv(self, node: onnx.NodeProto, wname: str, w: np.ndarray, prefix: str) -> list[onnx.NodeProto]:
        """Conv1d with kernel 1 on (B, C, T) as (B, T, C) @ W.T (+ bias), transposed back."""
        xt, mm = self.fresh(f"{prefix}_input_btc"), self.fresh(f"{prefix}_matmul")
        has_bias = len(node.input) > 2 and node.input[2]
        biased = self.fresh(f"{prefix}_biased") if has_bias else mm
        nodes = [helper.make_node("Transpose", [node.input[0]], [xt], name=self.fresh(f"{prefix}_to_btc"), perm=[0, 2, 1])]
        nodes += self.dynamic_matmul(xt, wname + "#pointwise", w[:, :, 0].T.copy(), mm, prefix)
        if has_bias:
            nodes.append(helper.make_node("Add", [mm, node.input[2]], [biased], name=self.fresh(f"{prefix}_bias")))
        nodes.append(helper.make_node("Transpose", [biased], [node.output[0]], name=self.fresh(f"{prefix}_to_bct"), perm=[0, 2, 1]))
        return nodes

    def rewrite(self, node: onnx.NodeProto) -> list[onnx.NodeProto]:
        if node.op_type not in QUANTIZABLE or len(node.input) < 2:
            return [node]
        wname = node.input[1]
        w = self.weight(wname)
        if w is None:
            return [node]
        prefix = node.name or self.fresh("node")
        attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        if node.op_type == "Conv":
            if self.options.matmul == "dynamic" and self.options.pointwise_as_matmul and _is_pointwise_1d(w, attrs):
                return self.pointwise_conv(node, wname, w, prefix)
            if self.options.conv != "weights":
                raise ValueError(f"Conv supports only the 'weights' form, not {self.options.conv!r}")
            nodes, wq = self.dequantized(wname, w, 0)
            inputs = list(node.input)
            inputs[1] = wq
            node = _copy_with_inputs(node, inputs)
            return nodes + [node]
        if node.op_type == "MatMul":
            if w.ndim != 2:
                return [node]
            if self.options.matmul == "weights":
                nodes, wq = self.dequantized(wname, w, 1)
                return nodes + [_copy_with_inputs(node, [node.input[0], wq])]
            return self.dynamic_matmul(node.input[0], wname, w, node.output[0], prefix)
        # Gemm: Y = alpha * A' B' + beta * C, quantised only in its plain Linear form (A 2-D, alpha = beta = 1)
        if attrs.get("transA", 0) or attrs.get("alpha", 1.0) != 1.0 or attrs.get("beta", 1.0) != 1.0 or w.ndim != 2:
            return [node]
        wt = w.T.copy() if attrs.get("transB", 0) else w
        if self.options.matmul == "weights":
            nodes, wq = self.dequantized(wname, w, 0 if attrs.get("transB", 0) else 1)
            return nodes + [_copy_with_inputs(node, [node.input[0], wq, *node.input[2:]])]
        key = wname + ("#T" if attrs.get("transB", 0) else "")
        has_bias = len(node.input) > 2 and node.input[2]
        mm_out = self.fresh(f"{prefix}_matmul") if has_bias else node.output[0]
        nodes = self.dynamic_matmul(node.input[0], key, wt, mm_out, prefix)
        if has_bias:
            nodes.append(helper.make_node("Add", [mm_out, node.input[2]], [node.output[0]], name=self.fresh(f"{prefix}_bias")))
        return nodes

    def run(self) -> int:
        nodes: list[onnx.NodeProto] = []
        for node in self.graph.node:
            nodes.extend(self.rewrite(node))
        del self.graph.node[:]
        self.graph.node.extend(nodes)
        used = {i for n in self.graph.node for i in n.input} | {o.name for o in self.graph.output}
        kept = [i for i in self.graph.initializer if i.name in used]
        del self.graph.initializer[:]
        self.graph.initializer.extend(kept + self.new_inits)
        # value_info for replaced weights would describe tensors that no longer exist
        vi = [v for v in self.graph.value_info if v.name in used or v.name in {o for n in self.graph.node for o in n.output}]
        del self.graph.value_info[:]
        self.graph.value_info.extend(vi)
        return self.quantized


def _is_pointwise_1d(w: np.ndarray, attrs: dict) -> bool:
    return (w.ndim == 3 and w.shape[2] == 1 and attrs.get("group", 1) == 1
            and all(v == 1 for v in attrs.get("strides", [1])) and all(v == 1 for v in attrs.get("dilations", [1]))
            and all(v == 0 for v in attrs.get("pads", [0, 0])) and attrs.get("auto_pad", b"NOTSET") in (b"NOTSET", "NOTSET"))


def _copy_with_inputs(node: onnx.NodeProto, inputs: list[str]) -> onnx.NodeProto:
    copy = onnx.NodeProto()
    copy.CopyFrom(node)
    del copy.input[:]
    copy.input.extend(inputs)
    return copy


def quantize_model(model: onnx.ModelProto, options: QuantizeOptions = QuantizeOptions()) -> tuple[onnx.ModelProto, int]:
    """Returns a quantised copy of `model` (opset >= 13 needed for per-axis DequantizeLinear) and how many weights
    were quantised. The input is not modified."""
    opset = next((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), 0)
    if opset < 13:
        raise ValueError(f"opset {opset} is too old for per-channel int8 (DequantizeLinear axis needs opset >= 13)")
    out = onnx.ModelProto()
    out.CopyFrom(model)
    count = _Rewriter(out, options).run()
    onnx.checker.check_model(out)
    return out, count


def quantize_file(src: Path, dst: Path, options: QuantizeOptions = QuantizeOptions()) -> int:
    """Quantises the ONNX file `src` into `dst`; returns the number of weights quantised."""
    model, count = quantize_model(onnx.load(str(src)), options)
    if count == 0:
        raise SystemExit(f"quantize: {src} has no float MatMul/Gemm/Conv weight of >= {options.min_elements} elements")
    dst.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(dst))
    return count


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("src", type=Path, help="float ONNX model")
    p.add_argument("dst", type=Path, help="where to write the int8 model (e.g. model.int8.onnx)")
    p.add_argument("--matmul", choices=("dynamic", "weights"), default="dynamic")
    p.add_argument("--min-elements", type=int, default=QuantizeOptions.min_elements)
    p.add_argument("--no-pointwise-as-matmul", action="store_true",
                   help="keep kernel-1 Conv1d as float Conv behind DequantizeLinear instead of an int8 MatMul")
    args = p.parse_args(argv)
    count = quantize_file(args.src, args.dst, QuantizeOptions(matmul=args.matmul, min_elements=args.min_elements,
                                                              pointwise_as_matmul=not args.no_pointwise_as_matmul))
    before, after = args.src.stat().st_size, args.dst.stat().st_size
    print(f"quantize: {count} weights to int8; {before / 1e6:.2f} MB -> {after / 1e6:.2f} MB ({before / after:.2f}x) "
          f"-> {args.dst}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
