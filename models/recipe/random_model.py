#!/usr/bin/env python3
"""A random-weight FastConformer-CTC of real size (~110M parameters, int8) as a sherpa-onnx package, for the speed
bench: `python3 models/recipe/random_model.py --out DIR` (see verbatim_recipe/random_model.py)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from verbatim_recipe.random_model import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
