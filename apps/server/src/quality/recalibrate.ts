import type { SqlDatabase } from '../db/SqlDatabase.ts';
import { applyPlattScaling, expectedCalibrationError, fitPlattScaling, type PlattScaling } from '@verbatim/core';
import type { RecalibrationJson } from '@verbatim/core/api';
import type { CalibrationStore } from './CalibrationStore.ts';
import type { FieldQuality } from './FieldQuality.ts';
import { inVerificationOrder } from './summarizeModel.ts';

/** Why a calibration could not be fitted. */
export class RecalibrationError extends Error {
  override readonly name = 'RecalibrationError';
  readonly code: 'model-not-measured' | 'not-enough-data';

  constructor(code: RecalibrationError['code'], message: string) {
    super(message);
    this.code = code;
  }
}

/** Every HELD_OUT-th verified machine word is kept out of the fit and checks it. */
const HELD_OUT = 5;

/**
 * Fits a Platt scaling of a model version's confidences on its verified machine words across the deployment (in
 * verification order, every fifth held out; confidences a job stored calibrated are first turned back into what the
 * model said, so a revision replaces the one before rather than stacking on it), reports ECE on the held-out words
 * before (as people saw them) and after (the new revision applied to what the model said), and stores it as
 * the version's active calibration revision (new jobs apply it). Needs the deployment's minWords scored words and
 * both right and wrong ones in the fitted part; throws {@link RecalibrationError} otherwise.
 */
export function recalibrate(db: SqlDatabase, quality: FieldQuality, calibrations: CalibrationStore, modelId: string, modelVersion: string, by: string): RecalibrationJson {
  const { settings, models } = quality.unitsByModel();
  const model = models.find((m) => m.modelId === modelId && m.modelVersion === modelVersion);
  if (model === undefined) throw new RecalibrationError('model-not-measured', `No transcript of ${modelId}@${modelVersion} has verified words.`);
  // a job's stored confidences went through the revision active when it was stored: fit on what the model said
  const raw = rawConfidence(db, calibrations, modelId, modelVersion);
  const words = inVerificationOrder(model.units).flatMap((unit) =>
    unit.confidences.map((confidence, i) => ({ confidence, raw: raw(unit.transcriptId, unit.transcriptCreatedAt, confidence), correct: unit.correct[i]! })),
  );
  const fit = words.filter((_, i) => i % HELD_OUT !== HELD_OUT - 1);
  const heldOut = words.filter((_, i) => i % HELD_OUT === HELD_OUT - 1);
  const rightInFit = fit.filter((w) => w.correct).length;
  if (words.length < settings.minWords || heldOut.length === 0 || rightInFit === 0 || rightInFit === fit.length) {
    throw new RecalibrationError(
      'not-enough-data',
      `not enough data: ${words.length} verified machine words of ${modelId}@${modelVersion} (${settings.minWords} needed, with both right and wrong words among the fitted ones).`,
    );
  }
  const scaling = fitPlattScaling(
    fit.map((w) => w.raw),
    fit.map((w) => w.correct),
  );
  const heldCorrect = heldOut.map((w) => w.correct);
  return calibrations.add({
    modelId,
    modelVersion,
    scaling,
    fittedWords: fit.length,
    heldOutWords: heldOut.length,
    eceBefore: expectedCalibrationError(heldOut.map((w) => w.confidence), heldCorrect)!,
    eceAfter: expectedCalibrationError(heldOut.map((w) => applyPlattScaling(w.raw, scaling)), heldCorrect)!,
    by,
  });
}

/**
 * What the model itself said for a stored confidence: transcripts a job stored (`transcript_jobs`) had the revision
 * active when their machine words were stored applied (see `calibrateJobWords`; a re-run stores new ones later), which
 * is inverted here; others are as recognised.
 */
function rawConfidence(db: SqlDatabase, calibrations: CalibrationStore, modelId: string, modelVersion: string): (transcriptId: string, createdAt: number, confidence: number) => number {
  const applied = new Map<string, PlattScaling | undefined>();
  const isJob = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM transcript_jobs WHERE transcript_id = ?');
  // a re-run or a restore replaces a transcript's machine words: they were stored when the `machine` revision
  // holding exactly them was made (the first one is dated at the transcript's creation), not when the transcript was
  const madeAt = db.prepare<[string], { at: number | null }>(
    `SELECT MAX(r.created_at) AS at FROM transcript_revisions r JOIN transcripts t ON t.id = r.transcript_id
     WHERE r.transcript_id = ? AND r.kind = 'machine' AND r.original_words = t.original_words`,
  );
  return (transcriptId, createdAt, confidence) => {
    if (!applied.has(transcriptId)) {
      const storedAt = madeAt.get(transcriptId)?.at ?? createdAt;
      applied.set(transcriptId, isJob.get(transcriptId) === undefined ? undefined : calibrations.activeAt(modelId, modelVersion, storedAt));
    }
    const scaling = applied.get(transcriptId);
    if (scaling === undefined || scaling.a === 0) return confidence;
    // σ(a·logit(raw) + b) = c  ⇒  logit(raw) = (logit(c) − b) / a
    const p = Math.min(1 - 1e-6, Math.max(1e-6, confidence));
    return 1 / (1 + Math.exp(-((Math.log(p / (1 - p)) - scaling.b) / scaling.a)));
  };
}
