"""Progress logging for the recipe: timestamped lines on stderr, flushed at once."""

from __future__ import annotations

import sys
import time

_T0 = time.time()


def log(msg: str) -> None:
    elapsed = time.time() - _T0
    print(f"[{time.strftime('%H:%M:%S')} +{elapsed:7.1f}s] {msg}", file=sys.stderr, flush=True)


def fmt_eta(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m{seconds % 60:02d}s"
