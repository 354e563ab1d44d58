import { randomUUID } from 'node:crypto';
import type { SqlDatabase } from '../../db/SqlDatabase.ts';
import type { ModelProvenance, Segment } from '@verbatim/core';
import type { TranscriptDocTurn } from '@verbatim/core/document';

/** What a revision holds: a model run's output, or the document as it was before a re-run or a restore replaced it. */
export type TranscriptRevisionKind = 'machine' | 'before-rerun' | 'before-restore';

/** One kept revision of a transcript (without its words; see {@link TranscriptRevisionStore#read}). */
export interface TranscriptRevision {
  readonly id: string;
  readonly transcriptId: string;
  readonly kind: TranscriptRevisionKind;
  /** The model that made its machine words (for `before-*`: the transcript's model at the time). */
  readonly model: ModelProvenance | null;
  readonly words: number;
  readonly createdAt: number;
  /** Who caused it (a user id); null for the server's own (the first job's output). */
  readonly createdBy: string | null;
}

/** A revision with its turns and the machine words that went with them. */
export interface TranscriptRevisionContent {
  readonly revision: TranscriptRevision;
  readonly turns: TranscriptDocTurn[];
  /** The transcript's original (machine) words at the time; null when not kept. */
  readonly original: Segment[] | null;
}

/** What {@link TranscriptRevisionStore#add} stores. */
export interface NewTranscriptRevision {
  readonly transcriptId: string;
  readonly kind: TranscriptRevisionKind;
  readonly model: ModelProvenance | null;
  readonly turns: readonly TranscriptDocTurn[];
  readonly original: readonly Segment[] | null;
  readonly createdBy: string | null;
  /** The job whose output a `machine` revision is. */
  readonly jobId?: string | undefined;
}

interface TranscriptRow {
  model_id: string;
  model_version: string;
  model_sha256: string;
  original_words: string;
  created_at: number;
}

interface RevisionRow {
  id: string;
  transcript_id: string;
  kind: TranscriptRevisionKind;
  model_id: string | null;
  model_version: string | null;
  model_sha256: string | null;
  words: number;
  created_at: number;
  created_by: string | null;
}

const COLUMNS = 'id, transcript_id, kind, model_id, model_version, model_sha256, words, created_at, created_by';

/**
 * The kept revisions of transcripts (`transcript_revisions`), oldest first. A transcript made before revisions were
 * kept (or by a `transcribe` job, which stores no revision itself) gets its first `machine` revision from its stored
 * original words the first time its revisions are asked for or added to, dated when the transcript was made.
 *
 * @example
 * revisions.add({ transcriptId, kind: 'before-rerun', model, turns: readTranscriptTurns(doc), original, createdBy: userId });
 * revisions.list(transcriptId); // [{ kind: 'machine', … }, { kind: 'before-rerun', … }]
 */
export class TranscriptRevisionStore {
  readonly #db: SqlDatabase;
  readonly #now: () => number;

  constructor(db: SqlDatabase, options: { now?: () => number } = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
  }

  /** Stores a revision (after the transcript's first one, see the class comment) and returns it. */
  add(input: NewTranscriptRevision): TranscriptRevision {
    return this.#db
      .transaction((): TranscriptRevision => {
        this.#ensureFirst(input.transcriptId);
        return this.#insert(input, this.#now());
      })
      .immediate();
  }

  /**
   * Keeps the document as it is now (`turns`, as read from it) with the transcript's current machine words and model,
   * copied as stored, before a re-run or a restore replaces it.
   */
  addSnapshot(transcriptId: string, kind: 'before-rerun' | 'before-restore', turns: readonly TranscriptDocTurn[], createdBy: string | null): TranscriptRevision {
    return this.#db
      .transaction((): TranscriptRevision => {
        this.#ensureFirst(transcriptId);
        const transcript = this.#transcript(transcriptId);
        if (transcript === undefined) throw new Error(`There is no transcript ${transcriptId}.`);
        const model = { id: transcript.model_id, version: transcript.model_version, sha256: transcript.model_sha256 };
        return this.#insert({ transcriptId, kind, model, turns, original: null, createdBy }, this.#now(), transcript.original_words);
      })
      .immediate();
  }

  /** The `machine` revision a job stored, if it stored one. */
  byJob(transcriptId: string, jobId: string): TranscriptRevision | undefined {
    const row = this.#db
      .prepare<[string, string], RevisionRow>(`SELECT ${COLUMNS} FROM transcript_revisions WHERE transcript_id = ? AND job_id = ?`)
      .get(transcriptId, jobId);
    return row === undefined ? undefined : revisionOf(row);
  }

  /** A transcript's revisions, oldest first (empty for a transcript that does not exist). */
  list(transcriptId: string): TranscriptRevision[] {
    this.#db.transaction(() => this.#ensureFirst(transcriptId)).immediate();
    return this.#db
      .prepare<[string], RevisionRow>(`SELECT ${COLUMNS} FROM transcript_revisions WHERE transcript_id = ? ORDER BY created_at, rowid`)
      .all(transcriptId)
      .map(revisionOf);
  }

  /** One revision of the transcript with its turns and machine words, or undefined. */
  read(transcriptId: string, revisionId: string): TranscriptRevisionContent | undefined {
    this.#db.transaction(() => this.#ensureFirst(transcriptId)).immediate();
    const row = this.#db
      .prepare<[string, string], RevisionRow & { turns: string; original_words: string | null }>(
        `SELECT ${COLUMNS}, turns, original_words FROM transcript_revisions WHERE id = ? AND transcript_id = ?`,
      )
      .get(revisionId, transcriptId);
    if (row === undefined) return undefined;
    return {
      revision: revisionOf(row),
      turns: JSON.parse(row.turns) as TranscriptDocTurn[],
      original: row.original_words === null ? null : (JSON.parse(row.original_words) as Segment[]),
    };
  }

  /**
   * Makes a revision's machine words and model the transcript's own (its `original_words` and provenance), as a re-run
   * does with its `machine` revision and a restore with the revision it restores. Returns false when the revision
   * kept no machine words (nothing changes then).
   */
  adoptMachineWords(transcriptId: string, revisionId: string): boolean {
    // copied inside SQLite, so the words are the revision's to the byte (the immutability trigger compares them)
    const changes = this.#db
      .prepare(
        `UPDATE transcripts SET
           original_words = r.original_words, model_id = r.model_id, model_version = r.model_version, model_sha256 = r.model_sha256
         FROM (SELECT original_words, model_id, model_version, model_sha256 FROM transcript_revisions
               WHERE id = ? AND transcript_id = ? AND original_words IS NOT NULL AND model_id IS NOT NULL) AS r
         WHERE transcripts.id = ?`,
      )
      .run(revisionId, transcriptId, transcriptId).changes;
    return changes > 0;
  }

  // inside a transaction: the transcript's first machine output as a revision, when it has none yet
  #ensureFirst(transcriptId: string): void {
    if (this.#db.prepare('SELECT 1 FROM transcript_revisions WHERE transcript_id = ? LIMIT 1').get(transcriptId) !== undefined) return;
    const transcript = this.#transcript(transcriptId);
    if (transcript === undefined) return;
    const original = JSON.parse(transcript.original_words) as Segment[];
    this.#insert(
      {
        transcriptId,
        kind: 'machine',
        model: { id: transcript.model_id, version: transcript.model_version, sha256: transcript.model_sha256 },
        turns: turnsOfSegments(original),
        original,
        createdBy: null,
      },
      transcript.created_at,
      transcript.original_words,
    );
  }

  #transcript(transcriptId: string): TranscriptRow | undefined {
    return this.#db
      .prepare<[string], TranscriptRow>('SELECT model_id, model_version, model_sha256, original_words, created_at FROM transcripts WHERE id = ?')
      .get(transcriptId);
  }

  #insert(input: NewTranscriptRevision, createdAt: number, originalJson?: string): TranscriptRevision {
    const revision: TranscriptRevision = {
      id: randomUUID(),
      transcriptId: input.transcriptId,
      kind: input.kind,
      model: input.model === null ? null : { id: input.model.id, version: input.model.version, sha256: input.model.sha256 },
      words: input.turns.reduce((sum, turn) => sum + turn.words.length, 0),
      createdAt,
      createdBy: input.createdBy,
    };
    this.#db
      .prepare(
        `INSERT INTO transcript_revisions (id, transcript_id, kind, model_id, model_version, model_sha256, turns, original_words, words, created_at, created_by, job_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        revision.id, revision.transcriptId, revision.kind, revision.model?.id ?? null, revision.model?.version ?? null, revision.model?.sha256 ?? null,
        JSON.stringify(input.turns), originalJson ?? (input.original === null ? null : JSON.stringify(input.original)), revision.words, revision.createdAt, revision.createdBy,
        input.jobId ?? null,
      );
    return revision;
  }
}

/** Machine segments as document turns (what a document built from them reads as, before anyone touched it). */
export function turnsOfSegments(segments: readonly Segment[]): TranscriptDocTurn[] {
  return segments
    .filter((segment) => segment.words.length > 0)
    .map((segment) => ({
      speaker: segment.speaker ?? 'Speaker 1',
      start: segment.words[0]!.start,
      words: segment.words.map((word) => ({
        text: word.text,
        start: word.start,
        end: word.end,
        confidence: word.confidence,
        origin: typeof word.origin === 'string' && word.origin.startsWith('plugin:') ? word.origin : 'asr',
        reviewed: false,
      })),
    }));
}

function revisionOf(row: RevisionRow): TranscriptRevision {
  return {
    id: row.id,
    transcriptId: row.transcript_id,
    kind: row.kind,
    model: row.model_id === null ? null : { id: row.model_id, version: row.model_version!, sha256: row.model_sha256! },
    words: row.words,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}
