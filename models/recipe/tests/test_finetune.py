"""Fine-tuning from an export (run.py --out): manifest reading, the synthetic mix, lineage, the partial-directory rule,
alphabet mismatches and bad input. A tiny parent model and 1-2 steps keep each run to a few seconds."""

import json
import shutil
import signal
import tempfile
import unittest
from pathlib import Path

import numpy as np
import torch

from run import DEFAULT_FINETUNE_LR, parse_args
from verbatim_recipe.finetune import finetune_main
from verbatim_recipe.ftdata import (EXIT_ALPHABET, EXIT_DATA, EXIT_INTERRUPTED, EXIT_USAGE, FinetuneError, bundle_sha256,
                                    pick_synthetic, read_parent, read_team_manifest, synth_seconds)
from verbatim_recipe.model import ConformerCtc, ModelConfig
from verbatim_recipe.synth import write_wav
from verbatim_recipe.tokens import BLANK, BLANK_SYMBOL, TOKENS, tokens_txt

REAL_MODEL_JSON = Path(__file__).resolve().parents[2] / "verbatim-en-char-v1" / "model.json"


def tiny_parent(dir: Path, tokens=None) -> Path:
    """A bundle directory with a tiny model's checkpoint and the real bundle's model.json (its tokens replaced if asked)."""
    dir.mkdir(parents=True)
    cfg = ModelConfig(d_model=16, layers=1, heads=2, ff_mult=2, conv_kernel=3, subsampling_channels=4, dropout=0.0)
    torch.manual_seed(0)
    model = ConformerCtc(cfg)
    torch.save({"config": cfg.to_json(), "model": {k: v.half() for k, v in model.state_dict().items()}}, dir / "checkpoint.pt")
    mj = json.loads(REAL_MODEL_JSON.read_text())
    mj.pop("lm", None)
    mj.pop("fixtures", None)
    mj.update({"id": "tiny", "version": "2.0.0"})
    if tokens is not None:
        mj["tokens"] = tokens
    (dir / "model.json").write_text(json.dumps(mj))
    (dir / "tokens.txt").write_text(tokens_txt())
    (dir / "model.onnx").write_bytes(b"not used by fine-tuning")
    return dir


def export_dir(dir: Path, lines: list, alphabet: str | None = "'abcdefghijklmnopqrstuvwxyz") -> Path:
    """An export as H9's endpoint writes one: manifests at the root, audio/<media>/<n>.wav, export.json."""
    (dir / "audio" / "m1").mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    for i in range(4):
        t = np.arange(16000 + 2000 * i) / 16000
        write_wav(dir / "audio" / "m1" / f"{i}.wav", 0.2 * np.sin(2 * np.pi * (200 + 40 * i) * t) + 0.01 * rng.standard_normal(len(t)))
    for name, recs in (("train", lines), ("dev", [{"audio_filepath": "audio/m1/3.wav", "duration": 1.375, "text": "the end"}])):
        (dir / f"{name}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in recs))
    if alphabet is not None:
        (dir / "export.json").write_text(json.dumps({
            "format": "verbatim-training-export", "formatVersion": 1, "exportId": "e1",
            "project": {"id": "p1", "name": "Ward rounds"}, "exportedBy": {"id": "u1", "name": "Olive"}, "exportedAt": 1,
            "alphabet": {"characters": alphabet, "model": {"id": "tiny", "version": "2.0.0"}}}))
    return dir


GOOD = [{"audio_filepath": f"audio/m1/{i}.wav", "duration": 1 + i / 8, "text": t}
        for i, t in enumerate(["hello there", "the dose was twelve", "a short one"])]


class FinetuneTest(unittest.TestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())
        self.parent = tiny_parent(self.tmp / "parent")
        self.export = export_dir(self.tmp / "export", GOOD)
        self.out = self.tmp / "out"

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def args(self, *extra: str, on_step=None):
        a = parse_args(["--out", str(self.out), "--manifest", str(self.export / "train.jsonl"),
                        "--dev-manifest", str(self.export / "dev.jsonl"), "--init-from", str(self.parent),
                        "--synth-share", "0", "--max-steps", "2", "--threads", "1", "--workers", "1",
                        "--batch-seconds", "4", "--work-dir", str(self.tmp / "nowork"), *extra])
        a.lr = DEFAULT_FINETUNE_LR if a.lr is None else a.lr
        a.epochs = 10.0 if a.epochs is None else a.epochs
        a.on_step = on_step
        return a

    def assert_nothing_written(self):
        self.assertFalse(self.out.exists())
        self.assertFalse(Path(str(self.out) + ".partial").exists())

    # --- manifest reading

    def test_relative_paths_resolve_against_the_manifest_and_text_is_normalised(self):
        recs = read_team_manifest(self.export / "train.jsonl", "--manifest")
        self.assertEqual(recs[0]["audio_filepath"], str(self.export / "audio" / "m1" / "0.wav"))
        self.assertEqual([r["text"] for r in recs], ["hello there", "the dose was twelve", "a short one"])
        (self.export / "x.jsonl").write_text(json.dumps({"audio_filepath": "audio/m1/0.wav", "text": "Take 5mg, twice!"}) + "\n")
        rec = read_team_manifest(self.export / "x.jsonl", "--manifest")[0]
        self.assertEqual(rec["text"], "take five mg twice")
        self.assertAlmostEqual(rec["duration"], 1.0, places=3)  # measured when the line has none

    def test_audio_at_another_rate_is_resampled(self):
        write_wav(self.export / "audio" / "m1" / "8k.wav", 0.2 * np.sin(np.arange(16000) / 5), sample_rate=8000)  # 2 s
        (self.export / "r.jsonl").write_text(json.dumps({"audio_filepath": "audio/m1/8k.wav", "text": "two seconds"}) + "\n")
        recs = read_team_manifest(self.export / "r.jsonl", "--manifest")
        self.assertAlmostEqual(recs[0]["duration"], 2.0, places=2)
        from verbatim_recipe.featstore import compute_set, load_set

        compute_set("r", recs, self.tmp / "feats", 1)
        _, index = load_set(self.tmp, "r")
        self.assertAlmostEqual(index[0]["frames"], 200, delta=2)  # 10 ms frames of 16 kHz audio

    def test_missing_audio_names_the_first_few_and_counts_them(self):
        lines = GOOD + [{"audio_filepath": f"audio/gone/{i}.wav", "duration": 1, "text": "x"} for i in range(7)]
        export_dir(self.export, lines)
        with self.assertRaises(FinetuneError) as e:
            read_team_manifest(self.export / "train.jsonl", "--manifest")
        msg = str(e.exception)
        self.assertEqual(e.exception.code, EXIT_DATA)
        self.assertIn("7 audio file(s) missing", msg)
        self.assertIn("line 4: audio/gone/0.wav", msg)
        self.assertIn("line 8: audio/gone/4.wav", msg)
        self.assertNotIn("audio/gone/5.wav", msg)
        self.assertEqual(finetune_main(self.args()), EXIT_DATA)
        self.assert_nothing_written()

    def test_text_that_normalises_to_nothing_and_empty_manifests_are_refused(self):
        export_dir(self.export, GOOD + [{"audio_filepath": "audio/m1/0.wav", "duration": 1, "text": " -- ?! "}])
        with self.assertRaises(FinetuneError) as e:
            read_team_manifest(self.export / "train.jsonl", "--manifest")
        self.assertIn("1 line(s) whose text normalises to nothing: line 4", str(e.exception))
        self.assertEqual(finetune_main(self.args()), EXIT_DATA)
        self.assert_nothing_written()
        (self.export / "train.jsonl").write_text("\n")
        with self.assertRaises(FinetuneError) as e:
            read_team_manifest(self.export / "train.jsonl", "--manifest")
        self.assertIn("no entries", str(e.exception))
        self.assertEqual(finetune_main(self.args()), EXIT_DATA)
        self.assert_nothing_written()

    # --- mixing

    def test_the_synthetic_share_is_a_share_of_the_audio(self):
        self.assertEqual(synth_seconds(60, 0), 0)
        self.assertAlmostEqual(synth_seconds(70, 0.3), 30)
        self.assertAlmostEqual(synth_seconds(50, 0.5), 50)
        recs = [{"id": str(i), "duration": 2.0} for i in range(100)]
        picked = pick_synthetic(recs, 30, seed=1)
        self.assertEqual(sum(r["duration"] for r in picked), 30)
        self.assertEqual(picked, pick_synthetic(recs, 30, seed=1))
        self.assertNotEqual(picked, pick_synthetic(recs, 30, seed=2))
        self.assertEqual(len(pick_synthetic(recs, 1e6, seed=1)), 100)
        with self.assertRaises(FinetuneError):
            synth_seconds(10, 1.0)

    def test_a_run_mixes_in_the_synthetic_manifest(self):
        synth = self.tmp / "synth.jsonl"
        synth.write_text("".join(json.dumps({"audio_filepath": str(self.export / "audio" / "m1" / f"{i % 3}.wav"),
                                             "duration": 1.0, "text": "general english"}) + "\n" for i in range(40)))
        seen = {}

        def on_step(step):
            seen["feats"] = sorted(p.name for p in (Path(str(self.out) + ".partial") / "feats").glob("*.json"))

        self.assertEqual(finetune_main(self.args("--synth-share", "0.5", "--synth-manifest", str(synth), on_step=on_step)), 0)
        self.assertEqual(seen["feats"], ["dev.json", "synth.json", "team.json"])
        lineage = json.loads((self.out / "lineage.json").read_text())
        team = sum(r["duration"] for r in GOOD)
        self.assertAlmostEqual(lineage["trainingSeconds"], team, places=2)
        self.assertGreaterEqual(lineage["synthSeconds"], team)  # a half of the mix
        self.assertLess(lineage["synthSeconds"], team + 1.01)

    # --- a run: lineage, the bundle, the partial-directory rule

    def test_a_run_writes_a_complete_bundle_with_lineage_and_card(self):
        self.assertEqual(finetune_main(self.args()), 0)
        self.assertFalse(Path(str(self.out) + ".partial").exists())
        files = sorted(p.name for p in self.out.iterdir())
        self.assertEqual(files, ["MODEL_CARD.md", "checkpoint.pt", "eval.json", "lineage.json", "model.json", "model.onnx", "tokens.txt"])
        lineage = json.loads((self.out / "lineage.json").read_text())
        self.assertEqual(lineage["parent"], {"id": "tiny", "version": "2.0.0", "sha256": bundle_sha256(self.parent)})
        self.assertEqual(lineage["parentSha256Source"], "hashed")
        import hashlib

        self.assertEqual(lineage["manifestSha256"], hashlib.sha256((self.export / "train.jsonl").read_bytes()).hexdigest())
        self.assertEqual(lineage["steps"], 2)
        self.assertEqual(lineage["export"]["project"], {"id": "p1", "name": "Ward rounds"})
        mj = json.loads((self.out / "model.json").read_text())
        self.assertEqual(mj["id"], "tiny")
        self.assertRegex(mj["version"], r"^2\.0\.0\+ft\.\d{8}$")
        self.assertEqual(mj["lineage"]["parent"]["id"], "tiny")
        self.assertEqual(mj["sha256"], hashlib.sha256((self.out / "model.onnx").read_bytes()).hexdigest())
        card = (self.out / "MODEL_CARD.md").read_text()
        self.assertIn("Fine-tuned from **tiny 2.0.0**", card)
        self.assertIn('project "Ward rounds"', card)
        self.assertIn("| parent tiny 2.0.0 |", card)
        ev = json.loads((self.out / "eval.json").read_text())
        self.assertEqual(set(ev["dev"]), {"manifest", "utterances", "seconds", "parent", "finetuned"})

    def test_a_bf16_run_writes_a_float32_bundle(self):
        self.assertEqual(finetune_main(self.args("--precision", "bf16")), 0)
        ck = torch.load(self.out / "checkpoint.pt", map_location="cpu")
        self.assertTrue(all(v.dtype in (torch.float32, torch.float16) for v in ck["model"].values()))
        self.assertEqual(json.loads((self.out / "lineage.json").read_text())["steps"], 2)

    def test_the_parent_hash_comes_from_a_model_stores_install_record(self):
        (self.parent / "install.json").write_text(json.dumps({"id": "tiny", "version": "2.0.0", "sha256": "ab" * 32}))
        self.assertEqual(read_parent(self.parent).sha256, "ab" * 32)
        self.assertEqual(read_parent(self.parent).sha256_source, "install.json")
        self.assertEqual(finetune_main(self.args("--id", "ward", "--version", "3.0.0")), 0)
        lineage = json.loads((self.out / "lineage.json").read_text())
        self.assertEqual(lineage["parent"]["sha256"], "ab" * 32)
        mj = json.loads((self.out / "model.json").read_text())
        self.assertEqual((mj["id"], mj["version"]), ("ward", "3.0.0"))

    def test_ctrl_c_leaves_a_resumable_checkpoint_and_no_bundle(self):
        partial = Path(str(self.out) + ".partial")
        steps = []
        code = finetune_main(self.args(on_step=lambda s: (steps.append(s), signal.raise_signal(signal.SIGINT))))
        self.assertEqual(code, EXIT_INTERRUPTED)
        self.assertEqual(steps, [1])
        self.assertFalse(self.out.exists())
        self.assertTrue((partial / "train" / "last.pt").exists())
        self.assertEqual(torch.load(partial / "train" / "last.pt")["state"]["step"], 1)
        # the same command resumes at step 2 and finishes
        self.assertEqual(finetune_main(self.args(on_step=steps.append)), 0)
        self.assertEqual(steps, [1, 2])
        self.assertFalse(partial.exists())
        self.assertEqual(json.loads((self.out / "lineage.json").read_text())["steps"], 2)
        # other data: the interrupted run is not mixed with it
        code = finetune_main(self.args(on_step=lambda s: signal.raise_signal(signal.SIGINT)))
        self.assertEqual(code, EXIT_USAGE)  # the output exists now

    def test_an_interrupted_run_of_other_data_is_not_resumed(self):
        finetune_main(self.args(on_step=lambda s: signal.raise_signal(signal.SIGINT)))
        export_dir(self.export, GOOD[:2])
        self.assertEqual(finetune_main(self.args()), EXIT_USAGE)
        self.assertFalse(self.out.exists())

    def test_an_existing_output_is_refused(self):
        self.out.mkdir()
        (self.out / "model.json").write_text("{}")
        self.assertEqual(finetune_main(self.args()), EXIT_USAGE)
        self.assertFalse(Path(str(self.out) + ".partial").exists())

    # --- alphabets

    def test_an_export_of_another_alphabet_is_refused(self):
        export_dir(self.export, GOOD, alphabet="'0123456789abcdefghijklmnopqrstuvwxyz")
        self.assertEqual(finetune_main(self.args()), EXIT_ALPHABET)
        self.assert_nothing_written()
        with self.assertRaises(FinetuneError) as e:
            from verbatim_recipe.ftdata import check_alphabet

            check_alphabet(read_parent(self.parent), self.export / "train.jsonl")
        self.assertIn("the export has 0123456789 the model cannot write", str(e.exception))

    def test_a_parent_of_another_alphabet_is_refused(self):
        shutil.rmtree(self.parent)
        tiny_parent(self.parent, tokens=["▁", "a", "b", "c", BLANK_SYMBOL])
        self.assertEqual(finetune_main(self.args()), EXIT_ALPHABET)
        self.assert_nothing_written()

    def test_relative_paths_are_the_callers_under_npm(self):
        from run import resolve_from_caller

        a = parse_args(["--out", "ft", "--manifest", "ex/train.jsonl", "--dev-manifest", "/abs/dev.jsonl", "--init-from", "models/b"])
        resolve_from_caller(a, "/repo")
        self.assertEqual((a.out, a.manifest, a.dev_manifest, a.init_from),
                         (Path("/repo/ft"), [Path("/repo/ex/train.jsonl")], Path("/abs/dev.jsonl"), Path("/repo/models/b")))
        b = parse_args(["--out", "ft"])
        resolve_from_caller(b, None)
        self.assertEqual(b.out, Path("ft"))

    def test_missing_options_are_refused(self):
        a = self.args()
        a.init_from = None
        self.assertEqual(finetune_main(a), EXIT_USAGE)
        a = self.args()
        a.dev_manifest = None
        self.assertEqual(finetune_main(a), EXIT_USAGE)
        self.assert_nothing_written()


if __name__ == "__main__":
    unittest.main()
