// Repeated, order-alternating measurements for every benchmark in the repo (packages/asr, apps/server,
// packages/plugin-host import this file by relative path: it is bench tooling, not product code). One run of two arms
// says little on a shared machine; several runs whose order alternates (A,B then B,A …) give both arms the same share
// of the load, and min / median / max of each figure and of the per-run ratio show how far to trust it.
import { availableParallelism, loadavg } from 'node:os';

/** min / median / max of repeated measurements, with the values in run order. */
export interface Spread {
  runs: number;
  min: number;
  median: number;
  max: number;
  values: number[];
}

/** What each arm returned, one result per run in run order, and the order the arms ran in each run. */
export interface Alternation<A extends Arms> {
  results: { [K in keyof A]: Awaited<ReturnType<A[K]>>[] };
  orders: (keyof A & string)[][];
}

/** Named measurements; each call measures once and returns what it measured. */
export type Arms = Record<string, () => unknown>;

/** The fewest runs a benchmark may report a spread over. */
export const MIN_RUNS = 3;

/**
 * Spread of `values`: the median of an even count is the mean of the two middle values.
 * @throws on no values
 */
export function spreadOf(values: readonly number[]): Spread {
  if (values.length === 0) throw new Error('spreadOf: no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { runs: values.length, min: sorted[0]!, median, max: sorted.at(-1)!, values: [...values] };
}

/** Spread of the per-run ratios `numerators[i] / denominators[i]` (the runs paired as they were measured). */
export function ratioSpread(numerators: readonly number[], denominators: readonly number[]): Spread {
  if (numerators.length !== denominators.length) throw new Error(`ratioSpread: ${numerators.length} numerators, ${denominators.length} denominators`);
  return spreadOf(numerators.map((n, i) => n / denominators[i]!));
}

/**
 * Runs every arm once per run, `runs` times, rotating which arm goes first (two arms: A,B then B,A, then A,B …),
 * one arm at a time. The arms return what they measured.
 *
 * @example
 * const { results } = await alternate(3, { pipeline: () => timed(runPipeline), bare: () => timed(runBare) });
 * console.log(formatSpread(ratioSpread(results.pipeline, results.bare)));
 */
export async function alternate<A extends Arms>(runs: number, arms: A): Promise<Alternation<A>> {
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`alternate: runs must be a positive whole number, got ${runs}`);
  const names = Object.keys(arms) as (keyof A & string)[];
  const results: Record<string, unknown[]> = Object.fromEntries(names.map((name) => [name, []]));
  const orders: (keyof A & string)[][] = [];
  for (let run = 0; run < runs; run++) {
    const order = names.map((_, i) => names[(i + run) % names.length]!);
    orders.push(order);
    for (const name of order) results[name]!.push(await arms[name]!());
  }
  return { results: results as Alternation<A>['results'], orders };
}

/** Milliseconds `fn` took. */
export async function timed(fn: () => unknown): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/**
 * `min / median / max`, each through `format`.
 * @example formatSpread(spreadOf([1.4, 1.93, 1.56])) // '1.40 / 1.56 / 1.93'
 */
export function formatSpread(spread: Spread, format: (n: number) => string = (n) => n.toFixed(2)): string {
  return `${format(spread.min)} / ${format(spread.median)} / ${format(spread.max)}`;
}

/**
 * The README's form: `median (min–max over N runs)`.
 * @example describeSpread(spreadOf([1.4, 1.93, 1.56])) // '1.56 (1.40–1.93 over 3 runs)'
 */
export function describeSpread(spread: Spread, format: (n: number) => string = (n) => n.toFixed(2)): string {
  return `${format(spread.median)} (${format(spread.min)}–${format(spread.max)} over ${spread.runs} runs)`;
}

/** The machine's load as the benchmarks print it beside their figures: `load average 1.74 / 1.29 / 1.45 on 2 cores`. */
export function machineLoad(): string {
  return `load average ${loadavg().map((n) => n.toFixed(2)).join(' / ')} on ${availableParallelism()} cores`;
}
