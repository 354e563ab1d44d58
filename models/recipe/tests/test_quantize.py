import unittest

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from verbatim_recipe.quantize import QuantizeOptions, quantize_model, quantize_weights


def tiny_model(d: int = 64) -> onnx.ModelProto:
    """x (B, T, d) -> MatMul -> Add -> Conv1d (over d channels) -> Gemm on a 2-D view; plus sherpa metadata."""
    rng = np.random.default_rng(0)
    inits = [
        numpy_helper.from_array(rng.standard_normal((d, d)).astype(np.float32), "w_mm"),
        numpy_helper.from_array(rng.standard_normal(d).astype(np.float32), "b_mm"),
        numpy_helper.from_array(rng.standard_normal((d, d, 3)).astype(np.float32), "w_conv"),
        numpy_helper.from_array(rng.standard_normal(d).astype(np.float32), "b_conv"),
        numpy_helper.from_array(rng.standard_normal((2 * d, d)).astype(np.float32), "w_gemm"),
        numpy_helper.from_array(rng.standard_normal(2 * d).astype(np.float32), "b_gemm"),
        numpy_helper.from_array(rng.standard_normal((4, 4)).astype(np.float32), "w_small"),
        numpy_helper.from_array(np.array([-1, d], np.int64), "shape2d"),
    ]
    nodes = [
        helper.make_node("MatMul", ["x", "w_mm"], ["mm"], name="mm"),
        helper.make_node("Add", ["mm", "b_mm"], ["h"], name="add"),
        helper.make_node("Transpose", ["h"], ["hc"], perm=[0, 2, 1], name="tr"),
        helper.make_node("Conv", ["hc", "w_conv", "b_conv"], ["c"], pads=[1, 1], kernel_shape=[3], name="conv"),
        helper.make_node("Transpose", ["c"], ["ct"], perm=[0, 2, 1], name="tr2"),
        helper.make_node("Reshape", ["ct", "shape2d"], ["flat"], name="flat"),
        helper.make_node("Gemm", ["flat", "w_gemm", "b_gemm"], ["y"], transB=1, name="gemm"),
        helper.make_node("MatMul", ["small_in", "w_small"], ["small_out"], name="small"),
    ]
    graph = helper.make_graph(
        nodes, "tiny",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["B", "T", d]),
         helper.make_tensor_value_info("small_in", TensorProto.FLOAT, [1, 4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 2 * d]),
         helper.make_tensor_value_info("small_out", TensorProto.FLOAT, [1, 4])],
        inits,
    )
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    for k, v in {"vocab_size": "28", "model_type": "EncDecCTCModel", "subsampling_factor": "4"}.items():
        p = m.metadata_props.add()
        p.key, p.value = k, v
    onnx.checker.check_model(m)
    return m


def weight_bytes(m: onnx.ModelProto) -> int:
    return sum(numpy_helper.to_array(i).nbytes for i in m.graph.initializer)


class QuantizeWeightsTest(unittest.TestCase):
    def test_symmetric_per_channel(self):
        w = np.array([[0.5, -2.0], [-0.25, 1.0], [0.1, 0.0]], np.float32)  # (K=3, N=2): channels are columns
        q, scale = quantize_weights(w, axis=1)
        self.assertEqual(q.dtype, np.int8)
        np.testing.assert_allclose(scale, [0.5 / 127, 2.0 / 127], rtol=1e-6)
        self.assertEqual(q[0, 0], 127)
        self.assertEqual(q[0, 1], -127)
        self.assertTrue(np.all(np.abs(q * scale - w) <= scale / 2 + 1e-6))

    def test_all_zero_channel_keeps_a_usable_scale(self):
        q, scale = quantize_weights(np.zeros((2, 3), np.float32), axis=0)
        self.assertTrue(np.all(scale > 0))
        self.assertTrue(np.all(q == 0))


class QuantizeModelTest(unittest.TestCase):
    def check_common(self, m: onnx.ModelProto, q: onnx.ModelProto) -> None:
        onnx.checker.check_model(q)
        self.assertEqual([i.name for i in q.graph.input], [i.name for i in m.graph.input])
        self.assertEqual([o.name for o in q.graph.output], [o.name for o in m.graph.output])
        self.assertEqual({p.key: p.value for p in q.metadata_props}, {p.key: p.value for p in m.metadata_props})
        names = {i.name for i in q.graph.initializer}
        self.assertFalse({"w_mm", "w_conv", "w_gemm"} & names, "float copies of quantised weights are dropped")
        self.assertIn("w_small", names, "weights under min_elements stay float")
        big = lambda model: sum(numpy_helper.to_array(i).nbytes for i in model.graph.initializer  # noqa: E731
                                if i.name.startswith(("w_mm", "w_conv", "w_gemm")))
        self.assertLess(big(q) * 3.5, big(m), "large weights shrink about 4x")
        self.assertLess(weight_bytes(q) * 3, weight_bytes(m))

    def test_dynamic_matmul_and_conv_weights(self):
        m = tiny_model()
        q, count = quantize_model(m, QuantizeOptions(min_elements=1024))
        self.assertEqual(count, 3)
        self.check_common(m, q)
        ops = [n.op_type for n in q.graph.node]
        self.assertEqual(ops.count("MatMulInteger"), 2)  # the MatMul and the Gemm
        self.assertEqual(ops.count("DynamicQuantizeLinear"), 2)
        self.assertEqual(ops.count("DequantizeLinear"), 1)  # the Conv
        self.assertEqual(ops.count("Gemm"), 0)
        # the int8 weight of the Gemm is stored (K, N): transB undone so that MatMulInteger computes flat @ w.T
        gemm_w = next(i for i in q.graph.initializer if i.name.startswith("w_gemm") and i.data_type == TensorProto.INT8
                      and len(i.dims) == 2)
        self.assertEqual(list(gemm_w.dims), [64, 128])
        # the input is left untouched
        self.assertIn("w_mm", {i.name for i in m.graph.initializer})

    def test_weights_only_form(self):
        m = tiny_model()
        q, count = quantize_model(m, QuantizeOptions(matmul="weights"))
        self.assertEqual(count, 3)
        self.check_common(m, q)
        ops = [n.op_type for n in q.graph.node]
        self.assertEqual(ops.count("DequantizeLinear"), 3)
        self.assertEqual(ops.count("MatMulInteger"), 0)
        dq = {n.input[0]: helper.get_attribute_value(n.attribute[0]) for n in q.graph.node if n.op_type == "DequantizeLinear"}
        axes = {k.split("_quantized")[0]: v for k, v in dq.items()}
        self.assertEqual(axes, {"w_mm": 1, "w_conv": 0, "w_gemm": 0})  # the output channel of each op

    def test_pointwise_conv_becomes_an_int8_matmul_over_channels(self):
        rng = np.random.default_rng(1)
        w = rng.standard_normal((128, 64, 1)).astype(np.float32)
        graph = helper.make_graph(
            [helper.make_node("Conv", ["x", "w_pw", "b_pw"], ["y"], kernel_shape=[1], name="pw")], "pw",
            [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["B", 64, "T"])],
            [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["B", 128, "T"])],
            [numpy_helper.from_array(w, "w_pw"), numpy_helper.from_array(np.zeros(128, np.float32), "b_pw")])
        m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
        q, _ = quantize_model(m)
        onnx.checker.check_model(q)
        ops = [n.op_type for n in q.graph.node]
        self.assertEqual(ops[0], "Transpose")
        self.assertEqual(ops[-1], "Transpose")
        self.assertIn("MatMulInteger", ops)
        self.assertNotIn("Conv", ops)
        w8 = next(i for i in q.graph.initializer if i.data_type == TensorProto.INT8 and len(i.dims) == 2)
        self.assertEqual(list(w8.dims), [64, 128])  # (C_in, C_out): (B, T, C_in) @ w8 -> (B, T, C_out)
        kept, _ = quantize_model(m, QuantizeOptions(pointwise_as_matmul=False))
        self.assertEqual([n.op_type for n in kept.graph.node], ["DequantizeLinear", "Conv"])

    def test_old_opset_is_refused(self):
        m = tiny_model()
        m.opset_import[0].version = 11
        with self.assertRaisesRegex(ValueError, "opset 11"):
            quantize_model(m)


if __name__ == "__main__":
    unittest.main()
