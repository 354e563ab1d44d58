#!/usr/bin/env python3
"""int8 weight quantisation of an ONNX model: `python3 models/recipe/quantize.py in.onnx out.onnx` (see
verbatim_recipe/quantize.py)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from verbatim_recipe.quantize import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
