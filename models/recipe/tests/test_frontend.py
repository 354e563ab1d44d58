import unittest

import numpy as np

from verbatim_recipe.frontend import FrontEndConfig, features, log_mel, mel_matrix, normalize, num_frames


def slow_frame(x: np.ndarray, t: int, cfg: FrontEndConfig) -> np.ndarray:
    """One frame the long way, following kaldi-native-fbank's steps literally."""
    n = len(x)
    start = t * cfg.shift + cfg.shift // 2 - cfg.win // 2
    frame = np.empty(cfg.win)
    for s in range(cfg.win):
        i = start + s
        while i < 0 or i >= n:
            i = -i - 1 if i < 0 else 2 * n - 1 - i
        frame[s] = x[i]
    for i in range(cfg.win - 1, 0, -1):
        frame[i] -= cfg.preemphasis * frame[i - 1]
    frame[0] -= cfg.preemphasis * frame[0]
    frame *= 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(cfg.win) / cfg.win)
    padded = np.zeros(cfg.n_fft)
    padded[: cfg.win] = frame
    spec = np.fft.rfft(padded)
    power = np.abs(spec) ** 2
    return np.log(np.maximum(mel_matrix(cfg) @ power, cfg.log_floor))


class FrontEndTest(unittest.TestCase):
    cfg = FrontEndConfig()

    def test_frame_count_rounds_like_kaldi_without_snip_edges(self):
        self.assertEqual(num_frames(16000, self.cfg), 100)
        self.assertEqual(num_frames(16079, self.cfg), 100)
        self.assertEqual(num_frames(16080, self.cfg), 101)
        self.assertEqual(num_frames(79, self.cfg), 0)

    def test_matches_the_literal_algorithm_including_edges(self):
        rng = np.random.default_rng(0)
        x = rng.standard_normal(4000) * 0.1
        got = log_mel(x, self.cfg)
        for t in (0, 1, 12, len(got) - 1):
            np.testing.assert_allclose(got[t], slow_frame(x, t, self.cfg), rtol=1e-5, atol=1e-4)

    def test_mel_filters_are_slaney_normalised_triangles(self):
        m = mel_matrix(self.cfg)
        self.assertEqual(m.shape, (80, 257))
        self.assertTrue((m >= 0).all())
        self.assertTrue((m.sum(axis=1) > 0).all())
        # Slaney normalisation: each triangle has unit area in Hz x (2 / width)... i.e. height 2 / width
        peak = m.max(axis=1)
        self.assertTrue((peak < 0.05).all() and (peak > 1e-4).all())

    def test_per_feature_normalisation(self):
        rng = np.random.default_rng(1)
        f = features(rng.standard_normal(16000) * 0.05, self.cfg)
        np.testing.assert_allclose(f.mean(axis=0), 0, atol=1e-4)
        np.testing.assert_allclose(f.std(axis=0), 1, atol=1e-3)
        self.assertEqual(normalize(np.zeros((0, 80), np.float32), self.cfg).shape, (0, 80))

    def test_silence_is_floored_not_minus_infinity(self):
        f = log_mel(np.zeros(3200), self.cfg)
        self.assertTrue(np.isfinite(f).all())
        self.assertAlmostEqual(float(f.min()), float(np.log(self.cfg.log_floor)), places=4)


if __name__ == "__main__":
    unittest.main()
