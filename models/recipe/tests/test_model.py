"""The model's own layers (model.py): the cheaper dropout mask and the float32 paths of bfloat16 inputs."""

from __future__ import annotations

import unittest

import torch
import torch.nn.functional as F
from torch import nn

from verbatim_recipe.model import ConformerCtc, Dropout, LayerNorm, ModelConfig, keep_mask, silu


class DropoutTest(unittest.TestCase):
    def test_keeps_each_element_with_probability_one_minus_p_and_scales_the_kept(self):
        torch.manual_seed(0)
        d = Dropout(0.1)
        d.train()
        y = d(torch.ones(1000, 1001))
        dropped = float((y == 0).float().mean())
        self.assertAlmostEqual(dropped, 0.1, delta=0.002)
        self.assertTrue(torch.allclose(y[y != 0], torch.full_like(y[y != 0], 1 / 0.9)))
        self.assertAlmostEqual(float(y.mean()), 1.0, delta=0.003)

    def test_neighbouring_elements_are_independent(self):
        # four elements share one 64-bit draw: their masks must still be uncorrelated
        torch.manual_seed(1)
        m = keep_mask(torch.zeros(4_000_000), 0.5).float()
        for lag in (1, 2, 3, 4):
            r = torch.corrcoef(torch.stack([m[:-lag], m[lag:]]))[0, 1]
            self.assertLess(abs(float(r)), 0.003, f"lag {lag}")

    def test_the_mask_follows_the_seed_not_the_dtype(self):
        torch.manual_seed(3)
        a = keep_mask(torch.zeros(7, 13), 0.3)
        torch.manual_seed(3)
        b = keep_mask(torch.zeros(7, 13, dtype=torch.bfloat16), 0.3)
        self.assertTrue(torch.equal(a, b))
        self.assertEqual(tuple(a.shape), (7, 13))

    def test_is_the_identity_in_eval_mode_and_at_p_zero(self):
        x = torch.randn(5, 6)
        d = Dropout(0.1)
        d.eval()
        self.assertIs(d(x), x)
        z = Dropout(0.0)
        z.train()
        self.assertIs(z(x), x)


class Float32PathsTest(unittest.TestCase):
    def test_layer_norm_and_silu_of_bfloat16_inputs_are_float32_results_rounded(self):
        torch.manual_seed(2)
        x = torch.randn(4, 9, 16) * 3 + 1
        ln = LayerNorm(16)
        with torch.no_grad():
            ln.weight.uniform_(0.5, 1.5)
            ln.bias.uniform_(-0.2, 0.2)
        xb = x.bfloat16()
        lnb = LayerNorm(16).bfloat16()
        lnb.load_state_dict(ln.state_dict())
        expected = F.layer_norm(xb.float(), (16,), lnb.weight.float(), lnb.bias.float()).bfloat16()
        self.assertEqual(lnb(xb).dtype, torch.bfloat16)
        self.assertTrue(torch.equal(lnb(xb), expected))
        self.assertTrue(torch.equal(silu(xb), F.silu(xb.float()).bfloat16()))
        # float32 inputs take the plain path
        self.assertTrue(torch.equal(ln(x), nn.LayerNorm.forward(ln, x)))
        self.assertTrue(torch.equal(silu(x), F.silu(x)))

    def test_the_state_dict_is_that_of_the_plain_layers(self):
        # checkpoints written before these layers load unchanged: same names, same shapes
        model = ConformerCtc(ModelConfig(d_model=32, layers=1, heads=2, conv_kernel=5, subsampling_channels=8))
        keys = set(model.state_dict())
        self.assertIn("blocks.0.ff1.norm.weight", keys)
        self.assertFalse(any("drop" in k for k in keys))


if __name__ == "__main__":
    unittest.main()
