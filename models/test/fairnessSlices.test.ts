// The recipe's fairness slice table (recipe/verbatim_recipe/slices.py) ports core's errorRateInterval and
// largestDisparity to Python; this checks the port against core itself on the same data, so the model card's lab
// figures and the Quality dashboard's field figures are computed alike.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { errorRateInterval, largestDisparity } from '@verbatim/core';
import { describe, expect, it } from 'vitest';

const python = process.env.PYTHON ?? '/usr/bin/python3';
const recipeDir = join(import.meta.dirname, '..', 'recipe');

const PORT = `
import json, math, sys
from verbatim_recipe.slices import error_rate_interval, largest_disparity
cases = json.load(sys.stdin)
out = []
for c in cases:
    iv = error_rate_interval([(u["errors"], u["words"]) for u in c["units"]])
    d = largest_disparity([{"value": s["key"], "rate": s["rate"], "wer": s["rate"], "words": s["words"]} for s in c["slices"]], c["minWords"])
    out.append({"interval": iv, "disparity": d})
print(json.dumps(out))
`;

/** A deterministic pseudo-random sequence (no real randomness in tests). */
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

describe('recipe fairness slices', () => {
  it('compute the interval and the disparity exactly as core does', () => {
    const next = lcg(7);
    const cases = Array.from({ length: 40 }, (_, i) => {
      const units = Array.from({ length: i % 6 }, () => {
        const words = Math.floor(next() * 30);
        return { errors: Math.floor(next() * (words + 3)), words };
      });
      const slices = Array.from({ length: (i % 5) + 1 }, (_, j) => ({
        key: `s${j}`,
        rate: i % 7 === 0 && j === 0 ? 0 : Math.round(next() * 1000) / 1000,
        words: Math.floor(next() * 300),
      }));
      return { units, slices, minWords: 100 };
    });
    const run = spawnSync(python, ['-c', PORT], { cwd: recipeDir, input: JSON.stringify(cases), encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const port = JSON.parse(run.stdout) as { interval: { lower: number; upper: number } | null; disparity: { worst: string; best: string; ratio: number | null; warning: boolean } | null }[];
    cases.forEach((c, i) => {
      const interval = errorRateInterval(c.units);
      if (interval === null) expect(port[i]!.interval, `case ${i}`).toBeNull();
      else {
        expect(port[i]!.interval!.lower, `case ${i}`).toBeCloseTo(interval.lower, 12);
        expect(port[i]!.interval!.upper, `case ${i}`).toBeCloseTo(interval.upper, 12);
      }
      const disparity = largestDisparity(c.slices, c.minWords);
      if (disparity === null) expect(port[i]!.disparity, `case ${i}`).toBeNull();
      else {
        const finite = Number.isFinite(disparity.ratio);
        expect(port[i]!.disparity, `case ${i}`).toEqual({
          worst: disparity.worst,
          best: disparity.best,
          ratio: finite ? expect.closeTo(disparity.ratio, 4) : null,
          // the server's rule (apps/server/src/quality/summarizeModel.ts) with its default ratio 1.5
          warning: !finite || disparity.ratio > 1.5,
        });
      }
    });
    // the cases reach every branch: no interval, an interval, no disparity, a bounded and an unbounded one
    expect(port.some((p) => p.interval === null) && port.some((p) => p.interval !== null)).toBe(true);
    expect(port.some((p) => p.disparity === null)).toBe(true);
    expect(port.some((p) => p.disparity?.ratio === null)).toBe(true);
    expect(port.some((p) => p.disparity !== null && p.disparity.ratio !== null)).toBe(true);
  });
});
