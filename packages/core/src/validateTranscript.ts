import type { Transcript, Word } from './transcript.ts';
import { TranscriptError } from './TranscriptError.ts';

/**
 * Checks that `value` is a well-formed {@link Transcript}: every time finite, not negative and `end >= start`, every
 * confidence in [0, 1], provenance present. Throws a {@link TranscriptError} naming the first fault; order of words
 * and segments is not checked (exporters cope with overlaps).
 *
 * @example
 * const t: unknown = JSON.parse(body);
 * validateTranscript(t); // t is a Transcript from here on
 */
export function validateTranscript(value: unknown): asserts value is Transcript {
  const t = record(value, 'invalid-transcript', 'the transcript');
  if (typeof t.language !== 'string') fail('invalid-transcript', 'the transcript', 'needs a string `language`');
  if (!isTime(t.duration)) fail('invalid-transcript', 'the transcript', `needs a finite, non-negative \`duration\` in seconds (got ${show(t.duration)})`);
  const model = record(t.model, 'invalid-transcript', 'the transcript\'s `model`');
  for (const key of ['id', 'version', 'sha256'] as const) {
    if (typeof model[key] !== 'string') fail('invalid-transcript', 'the transcript\'s `model`', `needs a string \`${key}\``);
  }
  if (!Array.isArray(t.plugins)) fail('invalid-transcript', 'the transcript', 'needs a `plugins` array (empty when none ran)');
  t.plugins.forEach((p: unknown, i: number) => {
    const plugin = record(p, 'invalid-transcript', `plugin ${i}`);
    if (typeof plugin.id !== 'string' || typeof plugin.version !== 'string') fail('invalid-transcript', `plugin ${i}`, 'needs a string `id` and `version`');
  });
  if (t.createdAt !== undefined && typeof t.createdAt !== 'string') fail('invalid-transcript', 'the transcript', '`createdAt` must be an ISO 8601 string');
  if (!Array.isArray(t.segments)) fail('invalid-transcript', 'the transcript', 'needs a `segments` array');
  t.segments.forEach((s: unknown, i: number) => {
    const where = `segment ${i}`;
    const seg = record(s, 'invalid-segment', where);
    if (seg.speaker !== undefined && typeof seg.speaker !== 'string') fail('invalid-segment', where, '`speaker` must be a string');
    checkSpan(seg.start, seg.end, 'invalid-segment', where);
    if (!Array.isArray(seg.words)) fail('invalid-segment', where, 'needs a `words` array');
    seg.words.forEach((w: unknown, j: number) => checkWord(w, `${where}, word ${j}`));
  });
}

/** Throws a {@link TranscriptError} unless `value` is a well-formed {@link Word}; `where` names it in the message. */
export function checkWord(value: unknown, where: string): asserts value is Word {
  const w = record(value, 'invalid-word', where);
  if (typeof w.text !== 'string') fail('invalid-word', where, `needs a string \`text\` (got ${show(w.text)})`);
  checkSpan(w.start, w.end, 'invalid-word', where);
  const c = w.confidence;
  if (typeof c !== 'number' || !(c >= 0 && c <= 1)) fail('invalid-word', where, `\`confidence\` must be a probability in [0, 1] (got ${show(c)})`);
  if (w.origin !== undefined && !(typeof w.origin === 'string' && /^(asr|human|plugin:.+)$/u.test(w.origin))) {
    fail('invalid-word', where, `\`origin\` must be "asr", "human" or "plugin:<id>" (got ${show(w.origin)})`);
  }
  if (w.reviewed !== undefined) {
    const r = record(w.reviewed, 'invalid-word', `${where}'s \`reviewed\``);
    const text = (v: unknown) => v === undefined || typeof v === 'string';
    if ((r.action !== 'accept' && r.action !== 'correct') || !text(r.by) || !text(r.byName) || !text(r.at)) {
      fail('invalid-word', where, '`reviewed` must be { by, at, action: "accept" | "correct" } with string `by`, `byName` and `at`');
    }
  }
  if (w.original !== undefined) {
    const o = record(w.original, 'invalid-word', `${where}'s \`original\``);
    if (typeof o.text !== 'string' || typeof o.confidence !== 'number' || !(o.confidence >= 0 && o.confidence <= 1)) {
      fail('invalid-word', where, '`original` must be { text, confidence } with a confidence in [0, 1]');
    }
  }
}

function checkSpan(start: unknown, end: unknown, code: 'invalid-segment' | 'invalid-word', where: string): void {
  if (!isTime(start)) fail(code, where, `\`start\` must be a finite, non-negative number of seconds (got ${show(start)})`);
  if (!isTime(end)) fail(code, where, `\`end\` must be a finite, non-negative number of seconds (got ${show(end)})`);
  if (end < start) fail(code, where, `ends (${end} s) before it starts (${start} s)`);
}

function isTime(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}

function record(v: unknown, code: 'invalid-transcript' | 'invalid-segment' | 'invalid-word', where: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(code, where, `must be an object (got ${show(v)})`);
  return v as Record<string, unknown>;
}

function fail(code: 'invalid-transcript' | 'invalid-segment' | 'invalid-word', where: string, what: string): never {
  throw new TranscriptError(code, `${where[0]?.toUpperCase()}${where.slice(1)} ${what}.`);
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v;
}
