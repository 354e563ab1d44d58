"""Training in bfloat16 with float32 master weights (precision.py)."""

from __future__ import annotations

import unittest

import torch
import torch.nn.functional as F

from verbatim_recipe.model import ConformerCtc, ModelConfig
from verbatim_recipe.precision import Bf16Twin, compute_gradients, make_twin


def tiny_model() -> ConformerCtc:
    torch.manual_seed(0)
    return ConformerCtc(ModelConfig(d_model=32, layers=2, heads=2, conv_kernel=5, subsampling_channels=8))


def ctc_loss(model: torch.nn.Module, x: torch.Tensor, lens: torch.Tensor, targets: torch.Tensor, tlens: torch.Tensor) -> torch.Tensor:
    logp, out_len = model(x.to(next(model.parameters()).dtype), lens)
    return F.ctc_loss(logp.transpose(0, 1), targets, out_len, tlens, blank=0, zero_infinity=True)


class Bf16TwinTest(unittest.TestCase):
    def setUp(self):
        g = torch.Generator().manual_seed(1)
        self.x = torch.randn(3, 80, 120, generator=g)
        self.lens = torch.tensor([120, 100, 80])
        self.targets = torch.randint(1, 20, (3 * 8,), generator=g)
        self.tlens = torch.tensor([8, 8, 8])

    def loss_of(self, m: torch.nn.Module) -> torch.Tensor:
        return ctc_loss(m, self.x, self.lens, self.targets, self.tlens)

    def test_the_twin_gives_float32_log_probs_and_float32_gradients_close_to_float32s(self):
        reference = tiny_model()
        # the same dropout masks on both sides (the mask does not depend on the dtype), so only the arithmetic differs
        torch.manual_seed(7)
        ref_loss = compute_gradients(reference, None, self.loss_of)
        model = tiny_model()
        twin = make_twin(model, "bf16")
        assert twin is not None
        logp, _ = twin.module(self.x.bfloat16(), self.lens)
        self.assertEqual(logp.dtype, torch.float32)
        torch.manual_seed(7)
        loss = compute_gradients(model, twin, self.loss_of)
        self.assertAlmostEqual(float(loss), float(ref_loss), delta=0.02 * float(ref_loss))
        a = torch.cat([p.grad.flatten() for p in reference.parameters()])
        b = torch.cat([p.grad.flatten() for p in model.parameters()])
        self.assertEqual(b.dtype, torch.float32)
        self.assertGreater(float(F.cosine_similarity(a, b, dim=0)), 0.995)
        # the twin's own gradients were handed over, not kept
        self.assertTrue(all(p.grad is None for p in twin.module.parameters()))

    def test_pull_copies_the_master_weights_after_an_optimizer_step(self):
        model = tiny_model()
        twin = Bf16Twin(model)
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        compute_gradients(model, twin, self.loss_of)
        opt.step()
        twin.pull()
        for low, high in zip(twin.module.parameters(), model.parameters()):
            self.assertEqual(low.dtype, torch.bfloat16)
            self.assertTrue(torch.equal(low, high.bfloat16()))
        self.assertEqual({p.dtype for p in model.parameters()}, {torch.float32})

    def test_the_twin_follows_train_and_eval_mode(self):
        model = tiny_model()
        twin = Bf16Twin(model)
        model.eval()
        twin.pull()
        self.assertFalse(twin.module.training)
        model.train()
        twin.pull()
        self.assertTrue(twin.module.training)

    def test_float32_needs_no_twin_and_an_unknown_precision_is_refused(self):
        self.assertIsNone(make_twin(tiny_model(), "fp32"))
        with self.assertRaisesRegex(ValueError, "fp32, bf16"):
            make_twin(tiny_model(), "fp16")

    def test_a_module_with_buffers_is_refused(self):
        with self.assertRaisesRegex(ValueError, "buffers"):
            Bf16Twin(torch.nn.BatchNorm1d(4))


if __name__ == "__main__":
    unittest.main()
