"""Export of the trained tagger into a bundle: `punct.onnx` (opset 17, dynamic batch and length) and `punct.json`
(everything the runtime needs: tensor names, the window, the marks and cases, the word list, the suffix hash, the
mixed-case lexicon), and model.json's optional `punctuation` entry pointing at it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import torch

from ..log import log
from .data import CASES, MARKS
from .model import PunctTagger
from .train import BUCKETS, WINDOW, prepare

STRIDE = 48
MAX_SENTENCE_WORDS = 40
# the text-only tagger cannot hear pauses; at run time each second of silence after a word (to 1.5 s) adds this to
# its sentence-end scores. Chosen beforehand (a 1 s pause worth 2 nats), not tuned; eval:punct shows it with and without
PAUSE_BIAS = 2.0


def load_trained(work: Path) -> tuple[PunctTagger, dict]:
    state = torch.load(work / "punct" / "last.pt")
    cfg = state["config"]
    model = PunctTagger(cfg["vocab"], cfg["buckets"], emb=cfg["emb"], suffix=cfg["suffix"], hidden=cfg["hidden"], layers=cfg["layers"])
    model.load_state_dict(state["model"])
    model.eval()
    return model, state


def export_punct(work: Path, bundle_dir: Path, eval_file: str | None = "punct-eval.json") -> Path:
    model, state = load_trained(work)
    data = prepare(work)
    onnx_path = bundle_dir / "punct.onnx"
    w = torch.ones(1, 12, dtype=torch.int64)
    s = torch.ones(1, 12, dtype=torch.int64)
    torch.onnx.export(
        model, (w, s), str(onnx_path), opset_version=17,
        input_names=["word_ids", "suffix_ids"], output_names=["mark_logits", "case_logits"],
        dynamic_axes={"word_ids": {0: "batch", 1: "words"}, "suffix_ids": {0: "batch", 1: "words"},
                      "mark_logits": {0: "batch", 1: "words"}, "case_logits": {0: "batch", 1: "words"}},
    )
    sha = hashlib.sha256(onnx_path.read_bytes()).hexdigest()
    params = sum(p.numel() for p in model.parameters())
    cfg = {
        "schema": 1,
        "kind": "word-tagger",
        "file": "punct.onnx",
        "sha256": sha,
        "inputs": {"words": "word_ids", "suffixes": "suffix_ids"},
        "outputs": {"marks": "mark_logits", "cases": "case_logits"},
        "window": WINDOW,
        "stride": STRIDE,
        "marks": MARKS,
        "cases": CASES,
        "paddingId": 0,
        "unknownId": 1,
        "suffix": {"hash": "fnv1a32", "chars": 3, "buckets": BUCKETS},
        "maxSentenceWords": MAX_SENTENCE_WORDS,
        "pauseBias": PAUSE_BIAS,
        "architecture": {"kind": "bigru-tagger", "parameters": params, **state["config"]},
        "training": {
            "sources": data["sources"], **data["counts"], "steps": state["step"], "minutes": round(state["seconds"] / 60, 1),
            "heldOut": "by document (sha1 of the document id, 6%), plus every document holding a sentence of the acoustic "
                       "recipe's dev/test text",
            "recipe": "models/recipe/verbatim_recipe/punct (npm run model:train -- --stage 9 --stop-stage 9)",
        },
        "vocabulary": data["vocab"],
        "mixedCase": data["mixed"],
    }
    if eval_file:
        cfg["eval"] = eval_file
    (bundle_dir / "punct.json").write_text(json.dumps(cfg, indent=1, ensure_ascii=False) + "\n")
    mj = bundle_dir / "model.json"
    if mj.exists() and "punctuation" not in json.loads(mj.read_text()):
        # appended as text: the rest of model.json stays byte for byte as stage 7 and 8 wrote it
        text = mj.read_text().rstrip()
        assert text.endswith("}")
        mj.write_text(text[:-1].rstrip() + ',\n "punctuation": {\n  "file": "punct.json"\n }\n}\n')
    log(f"punct: exported {onnx_path} ({onnx_path.stat().st_size / 1e6:.1f} MB, {params} parameters)")
    return onnx_path
