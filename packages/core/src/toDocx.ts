import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import { formatTimecode } from './formatTimecode.ts';
import { speakerChanges } from './speakerChanges.ts';
import { wordsText, type Segment, type Transcript } from './transcript.ts';
import { TranscriptError } from './TranscriptError.ts';
import { validateTranscript } from './validateTranscript.ts';

/** Options of {@link toDocx}. */
export interface DocxOptions {
  /** Document title, shown as the first paragraph and in the file's properties. Default 'Transcript'. */
  title?: string;
  /** Start each paragraph with its segment's start as `[HH:MM:SS]`. Default true. */
  timestamps?: boolean;
  /** Highlight words whose confidence is below this, so a reader sees what to check. Default: no highlighting. */
  flagBelow?: number;
}

/**
 * The transcript as a Word document: a title, a line saying which model (id, version, hash), language and plugins made
 * it, then one paragraph per segment with its timestamp, and the speaker's name where the speaker changes. Works without Node's Buffer, in a
 * browser as well; the result is the bytes of the .docx (a ZIP file).
 *
 * @example
 * await writeFile('talk.docx', await toDocx(t, { title: 'Interview 12', flagBelow: 0.5 }));
 */
export async function toDocx(t: Transcript, options: DocxOptions = {}): Promise<Uint8Array> {
  validateTranscript(t);
  const flagBelow = options.flagBelow;
  if (flagBelow !== undefined && !(flagBelow >= 0 && flagBelow <= 1)) {
    throw new TranscriptError('invalid-option', `toDocx: \`flagBelow\` must be a confidence in [0, 1] (got ${flagBelow}).`);
  }
  const title = options.title ?? 'Transcript';
  const doc = new Document({
    creator: 'Verbatim',
    title,
    description: provenance(t),
    sections: [
      {
        children: [
          new Paragraph({ text: title, heading: HeadingLevel.TITLE }),
          new Paragraph({ children: [new TextRun({ text: provenance(t), italics: true, color: '595959', size: 18 })] }),
          ...paragraphs(t.segments, options.timestamps ?? true, flagBelow),
        ],
      },
    ],
  });
  return Packer.pack(doc, 'uint8array');
}

function provenance(t: Transcript): string {
  const plugins = t.plugins.length === 0 ? 'none' : t.plugins.map((p) => `${p.id} ${p.version}`).join(', ');
  const parts = [
    `Model ${t.model.id} ${t.model.version} (sha256 ${t.model.sha256.slice(0, 12)})`,
    `plugins: ${plugins}`,
    `language: ${t.language}`,
    `duration: ${formatTimecode(t.duration, null)}`,
  ];
  if (t.createdAt !== undefined) parts.push(`created ${t.createdAt}`);
  return parts.join(' · ');
}

function paragraphs(segments: readonly Segment[], timestamps: boolean, flagBelow: number | undefined): Paragraph[] {
  const spoken = segments.filter((s) => wordsText(s.words) !== '');
  const names = speakerChanges(spoken.map((s) => s.speaker));
  return spoken.map((s, i) => paragraph(s, names[i], timestamps, flagBelow));
}

function paragraph(segment: Segment, speaker: string | undefined, timestamps: boolean, flagBelow: number | undefined): Paragraph {
  const runs: TextRun[] = [];
  if (timestamps) runs.push(new TextRun({ text: `[${formatTimecode(segment.start, null)}] `, color: '808080' }));
  if (speaker) runs.push(new TextRun({ text: `${speaker}: `, bold: true }));
  runs.push(...(flagBelow === undefined ? [new TextRun(wordsText(segment.words))] : flaggedRuns(segment, flagBelow)));
  return new Paragraph({ children: runs, spacing: { after: 160 } });
}

// Consecutive words with the same flag share a run, so a long paragraph stays a handful of runs; spaces stay unmarked.
function flaggedRuns(segment: Segment, flagBelow: number): TextRun[] {
  const runs: TextRun[] = [];
  let text = '';
  let flagged = false;
  for (const w of segment.words) {
    const word = w.text.replace(/\s+/gu, ' ').trim();
    if (word === '') continue;
    const isFlagged = w.confidence < flagBelow;
    if (text === '') {
      text = word;
    } else if (isFlagged === flagged) {
      text += ` ${word}`;
    } else {
      runs.push(run(flagged ? text : `${text} `, flagged));
      text = flagged ? ` ${word}` : word;
    }
    flagged = isFlagged;
  }
  if (text !== '') runs.push(run(text, flagged));
  return runs;
}

function run(text: string, flagged: boolean): TextRun {
  return new TextRun(flagged ? { text, highlight: 'yellow' } : { text });
}
