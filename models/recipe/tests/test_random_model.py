import json
import tempfile
import unittest
from pathlib import Path

import onnx
import torch

from verbatim_recipe.random_model import BLANK, bpe_pieces, build, real_size_config, write_package
from verbatim_recipe.model import ModelConfig, count_parameters


class RandomModelTest(unittest.TestCase):
    def test_real_size_config_is_about_110m_parameters(self):
        one = build(real_size_config(layers=1))  # one block, counted 18 times: no 440 MB model in a unit test
        n = count_parameters(one) + 17 * count_parameters(one.blocks[0])
        self.assertGreater(n, 100e6)
        self.assertLess(n, 120e6)

    def test_pieces_are_distinct_sentencepiece_style(self):
        pieces = bpe_pieces(1024)
        self.assertEqual(len(set(pieces)), 1024)
        self.assertEqual(pieces[0], "<unk>")
        self.assertNotIn(BLANK, pieces)
        self.assertTrue(any(p.startswith("\u2581") and len(p) > 1 for p in pieces))

    def test_package_is_a_sherpa_nemo_ctc_int8_export(self):
        cfg = ModelConfig(vocab_size=60, d_model=32, layers=1, heads=2, ff_mult=2, conv_kernel=3,
                          subsampling_channels=8, dropout=0.0)
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "pkg"
            info = write_package(out, cfg, seed=1)
            self.assertEqual(sorted(p.name for p in out.iterdir()), ["model.int8.onnx", "random_model.json", "tokens.txt"])
            lines = (out / "tokens.txt").read_text().splitlines()
            self.assertEqual(len(lines), 61)
            self.assertEqual(lines[-1], f"{BLANK} 60")
            m = onnx.load(str(out / "model.int8.onnx"))
            onnx.checker.check_model(m)
            meta = {p.key: p.value for p in m.metadata_props}
            self.assertEqual(meta["vocab_size"], "60")
            self.assertEqual(meta["subsampling_factor"], "8")
            self.assertEqual(meta["model_type"], "EncDecCTCModel")
            self.assertEqual([i.name for i in m.graph.input], ["audio_signal", "length"])
            self.assertIn("MatMulInteger", {n.op_type for n in m.graph.node})
            self.assertLess(info["int8_bytes"], info["fp32_bytes"])
            self.assertEqual(json.loads((out / "random_model.json").read_text())["subsampling_factor"], 8)

    def test_output_frames_are_an_eighth(self):
        model = build(ModelConfig(vocab_size=10, d_model=16, layers=1, heads=2, conv_kernel=3, subsampling_channels=4,
                                  dropout=0.0))
        with torch.no_grad():
            logp, lens = model(torch.randn(1, 80, 161), torch.tensor([161]))
        self.assertEqual(int(lens[0]), 21)  # ceil(ceil(ceil(161 / 2) / 2) / 2)
        self.assertEqual(logp.shape[1], 21)
        self.assertEqual(logp.shape[2], 11)


if __name__ == "__main__":
    unittest.main()
