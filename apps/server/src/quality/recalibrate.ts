import { applyPlattScaling, expectedCalibrationError, fitPlattScaling } from '@verbatim/core';
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
 * verification order, every fifth held out), reports ECE before and after on the held-out words, and stores it as
 * the version's active calibration revision (new jobs apply it). Needs the deployment's minWords scored words and
 * both right and wrong ones in the fitted part; throws {@link RecalibrationError} otherwise.
 */
export function recalibrate(quality: FieldQuality, calibrations: CalibrationStore, modelId: string, modelVersion: string, by: string): RecalibrationJson {
  const { settings, models } = quality.unitsByModel();
  const model = models.find((m) => m.modelId === modelId && m.modelVersion === modelVersion);
  if (model === undefined) throw new RecalibrationError('model-not-measured', `No transcript of ${modelId}@${modelVersion} has verified words.`);
  const words = inVerificationOrder(model.units).flatMap((unit) => unit.confidences.map((confidence, i) => ({ confidence, correct: unit.correct[i]! })));
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
    fit.map((w) => w.confidence),
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
    eceAfter: expectedCalibrationError(heldOut.map((w) => applyPlattScaling(w.confidence, scaling)), heldCorrect)!,
    by,
  });
}
