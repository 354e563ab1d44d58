"""Compute that accumulates (run.py --continue): exact resume, the committed compact state, the refusals, a run that dies
leaving the bundle untouched, and the gate. A tiny model on a few sine-tone "utterances" keeps each run to seconds."""

import json
import os
import random
import signal
import tempfile
import unittest
from pathlib import Path

import numpy as np
import torch

from run import parse_args
from verbatim_recipe.accumulate import continue_main, prepare, train_segment
from verbatim_recipe.export import sha256
from verbatim_recipe.featstore import compute_set
from verbatim_recipe.model import ConformerCtc, ModelConfig
from verbatim_recipe.promote import decide, next_version, promote, splice_card
from verbatim_recipe.synth import write_wav
from verbatim_recipe.tokens import tokens_txt
from verbatim_recipe.trainstate import (EXIT_ALPHABET, EXIT_DATA, EXIT_INTERRUPTED, EXIT_NOT_BETTER, EXIT_USAGE, STATE_FILE,
                                        StateRefusal, compact_state, load_state, save_atomic)

REAL_MODEL_JSON = Path(__file__).resolve().parents[2] / "verbatim-en-char-v1" / "model.json"
WORDS = ["a cat sat", "the dog ran", "we met at noon", "so it goes", "one two three", "blue sky", "hello there", "on and on"]


def tiny_bundle(dir: Path) -> Path:
    dir.mkdir(parents=True)
    cfg = ModelConfig(d_model=16, layers=1, heads=2, ff_mult=2, conv_kernel=3, subsampling_channels=4, dropout=0.1)
    torch.manual_seed(0)
    model = ConformerCtc(cfg)
    torch.save({"config": cfg.to_json(), "model": {k: v.half() for k, v in model.state_dict().items()}}, dir / "checkpoint.pt")
    mj = json.loads(REAL_MODEL_JSON.read_text())
    mj.pop("lm", None)
    mj["version"] = "1.1.0"
    mj["training"] = {"steps": 40, "minutes": 2.0, "device": "cpu", "data": {"sets": {"train": {"utterances": 8, "hours": 0.01}}}}
    (dir / "model.json").write_text(json.dumps(mj))
    (dir / "tokens.txt").write_text(tokens_txt())
    (dir / "model.onnx").write_bytes(b"the committed export")
    (dir / "MODEL_CARD.md").write_text("# tiny\n\n## Punctuation and speakers\nkept as it is\n\n## Model\nold model\n\n"
                                       "## Decoding with the word language model\nkept too\n")
    return dir


def tiny_work(dir: Path, seed: int = 0) -> Path:
    """Feature sets as stage 3 stores them, from sine-tone WAVs (and their manifests, for the fixtures)."""
    rng = np.random.default_rng(seed)
    for name, n in (("train", 8), ("dev", 3), ("dev_noisy", 3), ("test_clean", 3), ("test_noisy", 3), ("test_unseen_voices", 3)):
        wav = dir / "wav" / name
        wav.mkdir(parents=True)
        recs = []
        for i in range(n):
            t = np.arange(12000 + 1500 * i) / 16000
            path = wav / f"{i}.wav"
            write_wav(path, 0.2 * np.sin(2 * np.pi * (150 + 35 * i) * t) + 0.02 * rng.standard_normal(len(t)))
            recs.append({"id": f"{name}{i}", "audio_filepath": str(path), "duration": len(t) / 16000,
                         "text": WORDS[(i + len(name)) % len(WORDS)], "voice": f"espeak:en-us+m{i % 3}"})
        (dir / "manifests").mkdir(exist_ok=True)
        (dir / "manifests" / f"{name}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in recs))
        compute_set(name, recs, dir / "feats", 1)
    return dir


class ContinueTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.work0 = tiny_work(Path(cls.tmp.name) / "work0")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def setUp(self):
        self.dir = Path(tempfile.mkdtemp(dir=self.tmp.name))
        self.bundle = tiny_bundle(self.dir / "bundle")
        self.work = self.dir / "work"
        self.work.mkdir()
        os.symlink(self.work0 / "feats", self.work / "feats")
        os.symlink(self.work0 / "manifests", self.work / "manifests")

    def args(self, *extra: str):
        return parse_args(["--continue", "--bundle-dir", str(self.bundle), "--work-dir", str(self.work), "--threads", "1",
                           "--batch-seconds", "2", "--lr", "2e-3", "--epochs", "1", "--gate-lm", "off", *extra])

    def finish(self, a):
        a.lr = a.lr or 5e-4
        a.epochs = a.epochs or 1.0
        return a

    def segment(self, a, on_step=None):
        """prepare + train_segment, as --continue does before its gate; returns the losses."""
        model, opt, run, feats, index, rng, device, ckpt = prepare(self.finish(a))
        return train_segment(a, model, opt, run, feats, index, rng, device, ckpt, on_step), run

    def interrupt_at(self, step):
        def on_step(s, _loss):
            if s == step:
                os.kill(os.getpid(), signal.SIGINT)
        return on_step

    def test_a_resumed_run_follows_the_uninterrupted_trajectory_exactly(self):
        full, _ = self.segment(self.args("--new-optimizer", "--max-steps", "12"))
        self.assertEqual([s for s, _ in full], list(range(41, 53)))  # across an epoch end (7 batches) and its dev pass
        (self.work / "exp" / "continue" / "last.pt").unlink()
        from verbatim_recipe.accumulate import Interrupted

        with self.assertRaises(Interrupted):
            self.segment(self.args("--new-optimizer", "--max-steps", "12"), self.interrupt_at(46))
        saved = load_state(self.work / "exp" / "continue" / "last.pt")
        self.assertEqual(saved["progress"]["step"], 46)
        rest, run = self.segment(self.args("--max-steps", "12"))  # a fresh process would do the same: everything is in last.pt
        self.assertEqual([s for s, _ in rest], list(range(47, 53)))
        self.assertEqual([l for _, l in rest], [l for s, l in full if s > 46])
        self.assertTrue(run["progress"]["segment"]["done"])

    def test_a_bf16_segment_keeps_a_float32_model_and_follows_the_float32_losses(self):
        fp32, _ = self.segment(self.args("--new-optimizer", "--max-steps", "4"))
        (self.work / "exp" / "continue" / "last.pt").unlink()
        bf16, run = self.segment(self.args("--new-optimizer", "--max-steps", "4", "--precision", "bf16"))
        self.assertEqual([s for s, _ in bf16], [s for s, _ in fp32])
        # same batches, same augmentation; bfloat16 keeps about three significant digits
        for (_, a), (_, b) in zip(fp32, bf16):
            self.assertAlmostEqual(a, b, delta=0.03 * a)
        self.assertNotEqual([l for _, l in fp32], [l for _, l in bf16])  # it did run in bfloat16
        self.assertEqual(run["progress"]["segment"]["precision"], "bf16")
        saved = load_state(self.work / "exp" / "continue" / "last.pt")
        self.assertEqual({v.dtype for v in saved["model"].values()}, {torch.float32})

    def test_the_model_card_says_which_segments_ran_in_bfloat16(self):
        from verbatim_recipe.bundle import heard_section

        segs = [{"index": 1, "startStep": 10, "minutes": 5.0, "device": "cpu", "threads": 2, "peakLr": 5e-4},
                {"index": 2, "startStep": 20, "minutes": 6.0, "device": "cpu", "threads": 2, "peakLr": 5e-4, "precision": "bf16"},
                {"index": 3, "startStep": 30, "minutes": 7.0, "device": "cpu", "threads": 2, "peakLr": 5e-4, "precision": "bf16",
                 "precisionChanges": [{"step": 34, "from": "fp32", "to": "bf16"}]}]
        line = next(l for l in heard_section({"training": {"steps": 40, "minutes": 18, "segments": segs, "data": {}}}) if "Training so far" in l)
        self.assertIn("segment 1: from step 10, 5.0 min on `cpu` (2 threads), peak learning rate 0.0005;", line)
        self.assertIn("segment 2: from step 20, 6.0 min on `cpu` (2 threads), peak learning rate 0.0005, bf16;", line)
        self.assertIn("peak learning rate 0.0005, fp32, then bf16 from step 34)", line)

    def test_a_segment_resumed_in_other_arithmetic_records_when(self):
        from verbatim_recipe.accumulate import Interrupted

        with self.assertRaises(Interrupted):
            self.segment(self.args("--new-optimizer", "--max-steps", "6"), self.interrupt_at(43))
        losses, run = self.segment(self.args("--max-steps", "6", "--precision", "bf16"))
        self.assertEqual([s for s, _ in losses], [44, 45, 46])
        seg = run["progress"]["segment"]
        self.assertEqual(seg["precision"], "bf16")
        self.assertEqual(seg["precisionChanges"], [{"step": 43, "from": "fp32", "to": "bf16"}])

    def test_the_committed_compact_state_resumes_close_to_the_full_one(self):
        a = self.args("--new-optimizer", "--max-steps", "10")
        full, _ = self.segment(a)
        path = self.work / "exp" / "continue" / "last.pt"
        path.unlink()
        from verbatim_recipe.accumulate import Interrupted

        with self.assertRaises(Interrupted):
            self.segment(self.args("--new-optimizer", "--max-steps", "10"), self.interrupt_at(45))
        run = load_state(path)
        # what a promotion commits: float16 weights in checkpoint.pt, bfloat16 moments in train-state.pt
        torch.save({"config": run["config"], "model": {k: v.half() for k, v in run["model"].items()}}, self.bundle / "checkpoint.pt")
        run["progress"]["segment"]["gated"] = False
        save_atomic(compact_state(run, sha256(self.bundle / "checkpoint.pt")), self.bundle / STATE_FILE)
        path.unlink()
        model, opt, run2, feats, index, rng, device, ckpt = prepare(self.finish(self.args("--max-steps", "10")))
        self.assertEqual(run2["progress"]["step"], 45)
        rest = train_segment(self.finish(self.args("--max-steps", "10")), model, opt, run2, feats, index, rng, device, ckpt)
        ref = [l for s, l in full if s > 45]
        got = [l for _, l in rest]
        rel = max(abs(g - r) / r for g, r in zip(got, ref))
        print(f"\ncompact state (fp16 weights, bf16 Adam moments): max relative loss difference over {len(ref)} steps {rel:.2e}")
        self.assertLess(rel, 0.02)

    def test_a_bundle_without_a_state_needs_new_optimizer(self):
        code = continue_main(self.finish(self.args("--max-steps", "2")))
        self.assertEqual(code, EXIT_USAGE)
        self.assertFalse((self.work / "exp" / "continue" / "last.pt").exists())

    def test_another_model_configuration_is_refused_naming_the_field(self):
        with self.assertRaises(StateRefusal) as e:
            prepare(self.finish(self.args("--new-optimizer", "--d-model", "32")))
        self.assertEqual(e.exception.code, EXIT_USAGE)
        self.assertIn("d_model is 16 in the checkpoint, 32 on the command line (--d-model)", str(e.exception))

    def test_another_alphabet_is_refused(self):
        mj = json.loads((self.bundle / "model.json").read_text())
        mj["tokens"] = ["▁"] + list("abcdefghijklmnopqrstuvwxyz") + ["-", "<blk>"]
        (self.bundle / "model.json").write_text(json.dumps(mj))
        self.assertEqual(continue_main(self.finish(self.args("--new-optimizer"))), EXIT_ALPHABET)

    def _commit_state(self, steps="3"):
        """A run to its end, then its state committed beside the bundle's checkpoint (as a promotion does)."""
        self.segment(self.args("--new-optimizer", "--max-steps", steps))
        run = load_state(self.work / "exp" / "continue" / "last.pt")
        torch.save({"config": run["config"], "model": {k: v.half() for k, v in run["model"].items()}}, self.bundle / "checkpoint.pt")
        run["progress"]["segment"]["gated"] = True
        save_atomic(compact_state(run, sha256(self.bundle / "checkpoint.pt")), self.bundle / STATE_FILE)
        (self.work / "exp" / "continue" / "last.pt").unlink()
        return run

    def test_other_training_data_is_refused_unless_accepted_and_then_recorded(self):
        self._commit_state()
        more = self.dir / "more"
        more.mkdir()
        for f in ("train.npy", "train.json"):
            os.symlink(self.work0 / "feats" / f, more / f.replace("train", "train_more"))
        os.unlink(self.work / "feats")
        (self.work / "feats").mkdir()
        for f in list((self.work0 / "feats").iterdir()) + list(more.iterdir()):
            os.symlink(f, self.work / "feats" / f.name)
        with self.assertRaises(StateRefusal) as e:
            prepare(self.finish(self.args("--train-sets", "train,train_more")))
        self.assertEqual(e.exception.code, EXIT_DATA)
        self.assertIn("set 'train_more': not in the checkpoint's data, given now (8 utterances", str(e.exception))
        self.assertIn("--accept-data-change", str(e.exception))
        _, _, run, _, index, _, _, _ = prepare(self.finish(self.args("--train-sets", "train,train_more", "--accept-data-change")))
        self.assertEqual(len(index), 16)
        self.assertEqual(sorted(run["data"]["sets"]), ["train", "train_more"])
        self.assertEqual(run["data"]["history"][-1]["step"], 43)
        self.assertIn("train_more", run["data"]["history"][-1]["change"][0])
        # a set whose content changed is named too
        (self.work / "feats" / "train.json").unlink()
        idx = json.loads((self.work0 / "feats" / "train.json").read_text())
        idx[0]["text"] = "something else"
        (self.work / "feats" / "train.json").write_text(json.dumps(idx))
        with self.assertRaises(StateRefusal) as e:
            prepare(self.finish(self.args()))
        self.assertIn("set 'train': content differs", str(e.exception))

    def test_a_state_of_another_checkpoint_is_refused(self):
        self._commit_state()
        ck = torch.load(self.bundle / "checkpoint.pt")
        ck["model"] = {k: v + 0 if "head" not in k else v * 0 for k, v in ck["model"].items()}
        torch.save(ck, self.bundle / "checkpoint.pt")
        with self.assertRaises(StateRefusal) as e:
            prepare(self.finish(self.args()))
        self.assertEqual(e.exception.code, EXIT_USAGE)
        self.assertIn("belongs to another checkpoint.pt", str(e.exception))

    def test_an_interrupted_run_leaves_the_bundle_untouched_and_resumes(self):
        before = {f.name: sha256(f) for f in self.bundle.iterdir()}
        from verbatim_recipe import accumulate

        seen = []
        orig = accumulate.train_segment

        def interrupted(*a, **k):
            k["on_step"] = self.interrupt_at(42)
            seen.append(1)
            return orig(*a, **k)

        accumulate.train_segment = interrupted
        try:
            code = continue_main(self.finish(self.args("--new-optimizer", "--max-steps", "4")))
        finally:
            accumulate.train_segment = orig
        self.assertEqual(code, EXIT_INTERRUPTED)
        self.assertEqual({f.name: sha256(f) for f in self.bundle.iterdir()}, before)
        self.assertEqual(load_state(self.work / "exp" / "continue" / "last.pt")["progress"]["step"], 42)
        # the same command goes on: two more steps, the candidate, the gate (--no-promote: the bundle stays)
        code = continue_main(self.finish(self.args("--new-optimizer", "--max-steps", "4", "--no-promote")))
        self.assertIn(code, (0, EXIT_NOT_BETTER))
        self.assertEqual({f.name: sha256(f) for f in self.bundle.iterdir()}, before)
        gate = json.loads((self.work / "exp" / "continue" / "candidate" / "gate.json").read_text())
        self.assertEqual(gate["step"], 44)
        self.assertEqual(sorted(gate["committed"]["greedy"]), ["test_clean", "test_noisy", "test_unseen_voices"])
        cand = self.work / "exp" / "continue" / "candidate"
        st = load_state(cand / STATE_FILE)
        self.assertEqual(st["weightsSha256"], sha256(cand / "checkpoint.pt"))
        self.assertEqual(st["progress"]["step"], 44)
        mj = json.loads((cand / "model.json").read_text())
        self.assertEqual(mj["version"], "1.2.0")  # the tiny bundle's is 1.1.0
        self.assertEqual(mj["training"]["steps"], 44)
        self.assertEqual(len(mj["training"]["segments"]), 2)  # the first run and this one


class GateTest(unittest.TestCase):
    def fig(self, **wers):
        return {s: {"words": 100, "wer": w} for s, w in wers.items()}

    def test_better_pooled_greedy_and_no_set_worse_passes(self):
        old = {"greedy": self.fig(test_clean=0.5, test_noisy=0.6), "beam+LM": self.fig(test_clean=0.3, test_noisy=0.4)}
        new = {"greedy": self.fig(test_clean=0.45, test_noisy=0.6), "beam+LM": self.fig(test_clean=0.29, test_noisy=0.4)}
        self.assertEqual(decide(old, new, 0.01), (True, []))

    def test_a_set_worse_than_the_tolerance_or_a_worse_lm_fails(self):
        old = {"greedy": self.fig(test_clean=0.5, test_noisy=0.6), "beam+LM": self.fig(test_clean=0.3, test_noisy=0.4)}
        new = {"greedy": self.fig(test_clean=0.4, test_noisy=0.62), "beam+LM": self.fig(test_clean=0.3, test_noisy=0.45)}
        ok, why = decide(old, new, 0.01)
        self.assertFalse(ok)
        self.assertTrue(any("test_noisy greedy WER 62.00% is worse than 60.00%" in w for w in why))
        self.assertTrue(any("pooled beam+LM WER 37.50% is above 35.00%" in w for w in why))
        self.assertFalse(decide({"greedy": self.fig(a=0.5)}, {"greedy": self.fig(a=0.5)}, 0.01)[0])  # equal is not better

    def test_promotion_replaces_acoustic_files_and_keeps_the_other_sections(self):
        with tempfile.TemporaryDirectory() as d:
            bundle, cand = tiny_bundle(Path(d) / "b"), Path(d) / "c"
            cand.mkdir()
            (bundle / "fixtures").mkdir()
            (bundle / "fixtures" / "old.json").write_text("{}")
            (cand / "fixtures").mkdir()
            (cand / "fixtures" / "fixtures.json").write_text("{}")
            for f in ("model.onnx", "checkpoint.pt", STATE_FILE, "tokens.txt", "eval.json"):
                (cand / f).write_text(f"new {f}")
            mj = json.loads((bundle / "model.json").read_text())
            mj["lm"] = {"file": "lm.bin", "alpha": 0.7}
            (bundle / "model.json").write_text(json.dumps(mj))
            new_mj = dict(mj, sha256="new", training={"steps": 99})
            new_mj.pop("lm")
            (cand / "model.json").write_text(json.dumps(new_mj))
            (cand / "MODEL_CARD.md").write_text("# tiny 2.1.0\n\n## What it has heard\nsynthetic voices\n\n## Model\nnew model\n")
            promote(cand, bundle)
            self.assertEqual((bundle / "model.onnx").read_text(), "new model.onnx")
            self.assertEqual(sorted(p.name for p in (bundle / "fixtures").iterdir()), ["fixtures.json"])
            out = json.loads((bundle / "model.json").read_text())
            self.assertEqual((out["sha256"], out["training"], out["lm"]), ("new", {"steps": 99}, {"file": "lm.bin", "alpha": 0.7}))
            card = (bundle / "MODEL_CARD.md").read_text()
            self.assertEqual(card, "# tiny 2.1.0\n\n## Punctuation and speakers\nkept as it is\n\n## What it has heard\nsynthetic voices\n\n"
                                   "## Model\nnew model\n## Decoding with the word language model\nkept too\n")
            self.assertFalse(any(p.name.endswith(".incoming") for p in bundle.iterdir()))

    def test_a_promoted_model_gets_the_next_minor_version(self):
        self.assertEqual((next_version("1.1.0"), next_version("2.9.3"), next_version("1.1.0+ft.20261206")), ("1.2.0", "2.10.0", "1.2.0"))
        with self.assertRaises(ValueError):
            next_version("v1")

    def test_splice_card_replaces_only_named_sections(self):
        old = "# m\n\n## A\na\n\n## Model\nold\n\n## B\nb\n"
        new = "# m\n\n## Model\nnew\n\n## B\nnot this\n"
        self.assertEqual(splice_card(old, new, ["Model"]), "# m\n\n## A\na\n\n## Model\nnew\n\n## B\nb\n")


if __name__ == "__main__":
    unittest.main()
