import type { SqlDatabase } from '../db/SqlDatabase.ts';
import { Gauge, type Registry } from 'prom-client';
import type { FieldQuality } from '../quality/FieldQuality.ts';
import { fieldQualityOf } from '../reviews/measureQuality.ts';
import { ReviewStore } from '../reviews/ReviewStore.ts';
import { DocumentStore } from '../yjs/DocumentStore.ts';
import { measureField } from '../quality/measureField.ts';
import { inVerificationOrder, lastWords } from '../quality/summarizeModel.ts';

/** One model version's field figures at scrape time. */
export interface FieldQualitySample {
  readonly model: string;
  readonly version: string;
  readonly wer: number;
  readonly cer: number;
  readonly ece: number;
  readonly flagPrecision: number;
  readonly flagRecall: number;
  readonly verifiedWords: number;
  readonly alert: number;
}

/**
 * The field figures of every model version that made a transcript, over the sliding window of its last
 * `windowWords` verified words (the deployment's quality settings); NaN while the window holds fewer than
 * `minWords`. `alert` is 1 when the version's alert fires (see `alertOf`).
 */
export function fieldQualitySamples(quality: FieldQuality): FieldQualitySample[] {
  const { settings, models } = quality.unitsByModel();
  return models.map((model) => {
    const { modelId, modelVersion, units } = model;
    const ordered = inVerificationOrder(units);
    const window = measureField(lastWords(ordered, settings.windowWords), settings.minWords);
    return {
      model: modelId,
      version: modelVersion,
      wer: window.wer?.rate ?? Number.NaN,
      cer: window.cer?.rate ?? Number.NaN,
      ece: window.ece ?? Number.NaN,
      flagPrecision: window.flags?.precision ?? Number.NaN,
      flagRecall: window.flags?.recall ?? Number.NaN,
      verifiedWords: units.reduce((n, u) => n + u.words.total, 0),
      alert: quality.alertState(model, null, settings).state === 'alert' ? 1 : 0,
    };
  });
}

const GAUGES: readonly [keyof Omit<FieldQualitySample, 'model' | 'version'>, string, string][] = [
  ['wer', 'verbatim_field_wer', 'Word error rate of the machine words against verified text, over the last windowWords verified words of each model version (NaN until minWords).'],
  ['cer', 'verbatim_field_cer', 'Character error rate over the same window.'],
  ['ece', 'verbatim_field_ece', 'Expected calibration error (10 bins) of word confidence over the same window.'],
  ['flagPrecision', 'verbatim_field_flag_precision', "Share of flagged words (confidence below the project's threshold) that were wrong, over the same window."],
  ['flagRecall', 'verbatim_field_flag_recall', 'Share of wrong words that were flagged, over the same window.'],
  ['verifiedWords', 'verbatim_field_verified_words', 'Verified words of each model version (all time).'],
  ['alert', 'verbatim_field_alert', "1 when a model version's windowed WER or ECE is worse than its own baseline by more than the margin, else 0."],
];

/**
 * Registers the `verbatim_field_*` gauges on `registry`, labelled `model` and `version` and read from `samples` at
 * every scrape (one computation per scrape, shared by all gauges). Registering twice on one registry does nothing.
 */
export function registerFieldQualityGauges(registry: Registry, samples: () => readonly FieldQualitySample[]): void {
  if (registry.getSingleMetric('verbatim_field_wer') !== undefined) return;
  // a scrape collects the gauges in registration order: the first computes the samples, the others read them
  let latest: readonly FieldQualitySample[] | undefined;
  GAUGES.forEach(([field, name, help], index) => {
    new Gauge({
      name,
      help,
      labelNames: ['model', 'version'],
      registers: [registry],
      collect() {
        if (index === 0 || latest === undefined) latest = samples();
        this.reset();
        for (const sample of latest) this.set({ model: sample.model, version: sample.version }, sample[field]);
      },
    });
  });
}

/** {@link registerFieldQualityGauges} over the shared field quality of `db` (the one the quality routes use). */
export function registerFieldQualityMetrics(registry: Registry, db: SqlDatabase): void {
  const documents = new DocumentStore(db);
  const sources = { db, documents, reviews: new ReviewStore(db, { documents }) };
  registerFieldQualityGauges(registry, () => fieldQualitySamples(fieldQualityOf(sources)));
}
