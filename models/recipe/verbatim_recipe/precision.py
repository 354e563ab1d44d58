"""Training in bfloat16 with float32 master weights (`--precision bf16`).

The model, the optimizer's moments and every checkpoint stay float32. Each step copies the float32 weights into a
bfloat16 twin of the model, runs the forward and backward passes there, and hands the gradients back as float32 to
the optimizer. The model's head returns float32 log-probs from a bfloat16 twin (see `ConformerCtc.forward`), so the CTC
loss itself is computed in float32.

Why a twin and not `torch.autocast`: the CPU autocast of the Debian torch build (1.13) refuses the model's
`layer_norm` with bfloat16 inputs ("expected scalar type BFloat16 but found Float"); a whole-bfloat16 copy runs every
op in one type. On this machine's AMD EPYC (AVX-512 BF16) a `--continue` segment ran about twice as many steps a minute
as in float32 (`recipe/README.md`, "Training in bfloat16").
"""

from __future__ import annotations

import copy
from typing import Callable

import torch

PRECISIONS = ("fp32", "bf16")


class Bf16Twin:
    """A bfloat16 copy of a float32 `master` module to compute gradients with.

    @example
        twin = Bf16Twin(model)
        twin.pull()                      # master weights -> twin
        loss = loss_of(twin.module)      # forward in bfloat16
        opt.zero_grad(); loss.backward()
        twin.push_grads()                # twin gradients -> master (float32)
        opt.step()
    """

    def __init__(self, master: torch.nn.Module):
        if any(b.numel() for b in master.buffers()):
            # running statistics would have to be carried back too; the Conformer here has none
            raise ValueError("Bf16Twin supports modules without buffers")
        self.master = master
        self.module = copy.deepcopy(master).to(torch.bfloat16)
        self._pairs = list(zip(self.module.parameters(), master.parameters()))

    def pull(self) -> None:
        """Copies the master weights into the twin (rounded to bfloat16) and its train/eval mode."""
        self.module.train(self.master.training)
        with torch.no_grad():
            for low, high in self._pairs:
                low.copy_(high)

    def push_grads(self) -> None:
        """Moves the twin's gradients to the master's parameters as float32 (None where the twin has none)."""
        for low, high in self._pairs:
            high.grad = None if low.grad is None else low.grad.float()
            low.grad = None


def input_dtype(model: torch.nn.Module) -> torch.dtype:
    """The dtype a module's inputs must have: that of its parameters."""
    return next(model.parameters()).dtype


def make_twin(model: torch.nn.Module, precision: str) -> Bf16Twin | None:
    """The twin `--precision` asks for: None for float32 (the model computes its own gradients)."""
    if precision not in PRECISIONS:
        raise ValueError(f"--precision must be one of {', '.join(PRECISIONS)}, not {precision!r}")
    return Bf16Twin(model) if precision == "bf16" else None


def compute_gradients(model: torch.nn.Module, twin: Bf16Twin | None,
                      loss_of: Callable[[torch.nn.Module], torch.Tensor]) -> torch.Tensor:
    """Replaces the gradients of `model`'s parameters with those of `loss_of(module)`, where the module is `model`
    itself or, with a twin, its bfloat16 copy holding the same weights. Returns the loss."""
    module = model if twin is None else twin.module
    if twin is not None:
        twin.pull()
    loss = loss_of(module)
    module.zero_grad(set_to_none=True)
    loss.backward()
    if twin is not None:
        twin.push_grads()
    return loss
