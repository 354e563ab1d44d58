// A caption benchmark run of some parts (`--parts node`) keeps the other parts of the results file it replaces: the
// file then holds the latest figures of every part, each with the date it was measured.
import type { CaptionBenchPart, CaptionHeadline } from './captions.ts';

/** The results file as the caption benchmark writes it. */
export interface CaptionResultsFile {
  date: string;
  parts: string[];
  /** When each part was last measured. */
  partDates?: Record<string, string>;
  headline: CaptionHeadline;
  [key: string]: unknown;
}

/** Which part measures each headline figure. */
const HEADLINE_PART: Record<keyof CaptionHeadline, CaptionBenchPart> = {
  captionPartialP95Ms: 'browser',
  captionFinalP95Ms: 'browser',
  finalWerRatio: 'node',
  cpuPerSession: 'node',
  concurrentSessions: 'concurrent',
};

/**
 * `current` (a run of `ran`) with the parts it did not run taken from `previous` (the file it replaces, if any): their
 * results, their `Error` entries, their headline figures and their dates.
 */
export function mergeCaptionResults(previous: CaptionResultsFile | undefined, current: CaptionResultsFile, ran: ReadonlySet<CaptionBenchPart>): CaptionResultsFile {
  const partDates: Record<string, string> = {};
  for (const part of ran) partDates[part] = current.date;
  if (previous === undefined) return { ...current, partDates };
  const merged: CaptionResultsFile = { ...current, headline: { ...current.headline } };
  const kept = new Set<string>();
  for (const part of ['node', 'browser', 'concurrent'] as const) {
    if (ran.has(part) || !(part in previous || `${part}Error` in previous)) continue;
    kept.add(part);
    if (part in previous) merged[part] = previous[part];
    if (`${part}Error` in previous) merged[`${part}Error`] = previous[`${part}Error`];
    partDates[part] = previous.partDates?.[part] ?? previous.date;
  }
  for (const [key, part] of Object.entries(HEADLINE_PART) as Array<[keyof CaptionHeadline, CaptionBenchPart]>) {
    if (kept.has(part)) merged.headline[key] = previous.headline?.[key] ?? null;
  }
  merged.parts = [...new Set([...current.parts, ...kept])];
  merged.partDates = partDates;
  return merged;
}
