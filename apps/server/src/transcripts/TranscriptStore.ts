import { randomUUID } from 'node:crypto';
import type { SqlDatabase } from '../db/SqlDatabase.ts';
import type { ModelProvenance, PluginProvenance, Segment } from '@verbatim/core';
import * as Y from 'yjs';
import { DocumentStore } from '../yjs/DocumentStore.ts';
import { buildTranscriptDoc, type BuildTranscriptDocOptions } from '@verbatim/core/document';
import { TranscriptError } from './TranscriptError.ts';

/** A transcript's record: where it came from. Its text lives in the Yjs document of the same id. */
export interface TranscriptRecord {
  readonly id: string;
  readonly projectId: string;
  readonly mediaId: string;
  readonly model: ModelProvenance;
  /** The plugins that touched it (vocabulary or post-processor), in the order they ran; empty when none did. */
  readonly plugins: readonly PluginProvenance[];
  readonly createdAt: number;
}

/** What {@link TranscriptStore#create} needs: the segments of the document and their provenance. */
export interface NewTranscript {
  readonly projectId: string;
  readonly mediaId: string;
  readonly model: ModelProvenance;
  /**
   * The words the document starts with. A word may carry `origin` (`'plugin:<id>'` for a word a plugin's
   * post-processor wrote); without one it is the recogniser's.
   */
  readonly segments: readonly Segment[];
  /**
   * The recogniser's own words, kept unchanged as the original (default: `segments`). Differs from `segments` when
   * plugins post-processed them, so quality measures the model and not the plugins.
   */
  readonly originalSegments?: readonly Segment[];
  /** The plugins that touched the words (default none). */
  readonly plugins?: readonly PluginProvenance[];
}

/** Options of {@link TranscriptStore}. */
export interface TranscriptStoreOptions {
  readonly now?: () => number;
  readonly documents?: DocumentStore;
  readonly doc?: BuildTranscriptDocOptions;
}

interface TranscriptRow {
  id: string;
  project_id: string;
  media_id: string;
  model_id: string;
  model_version: string;
  model_sha256: string;
  created_at: number;
}

interface PluginRow {
  plugin_id: string;
  plugin_version: string;
}

const COLUMNS = 'id, project_id, media_id, model_id, model_version, model_sha256, created_at';

/**
 * Transcripts over the `transcripts` table: each keeps the recogniser's original words (immutable) beside its
 * collaborative Y.Doc, whose first update is written in the same transaction.
 *
 * @example
 * const record = transcripts.create({ projectId, mediaId, model, segments: result.segments });
 * // editors now open /yjs/<record.id>
 */
export class TranscriptStore {
  readonly #db: SqlDatabase;
  readonly #now: () => number;
  readonly #documents: DocumentStore;
  readonly #docOptions: BuildTranscriptDocOptions;

  constructor(db: SqlDatabase, options: TranscriptStoreOptions = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
    this.#documents = options.documents ?? new DocumentStore(db);
    this.#docOptions = options.doc ?? {};
  }

  /** Stores a new transcript and its initial document. Throws {@link TranscriptError} `project-not-found`, `invalid-transcript`. */
  create(input: NewTranscript): TranscriptRecord {
    checkSegments(input.segments);
    const original = input.originalSegments ?? input.segments;
    if (input.originalSegments !== undefined) checkSegments(original);
    const plugins = checkPlugins(input.plugins ?? []);
    const record: TranscriptRecord = {
      id: randomUUID(),
      projectId: input.projectId,
      mediaId: input.mediaId,
      model: { id: input.model.id, version: input.model.version, sha256: input.model.sha256 },
      plugins,
      createdAt: this.#now(),
    };
    const doc = buildTranscriptDoc(new Y.Doc(), input.segments, this.#docOptions);
    const update = Y.encodeStateAsUpdate(doc);
    doc.destroy();
    const insert = this.#db.transaction(() => {
      if (this.#db.prepare('SELECT 1 FROM projects WHERE id = ?').get(input.projectId) === undefined) {
        throw new TranscriptError('project-not-found', `There is no project with id ${input.projectId}.`);
      }
      this.#db
        .prepare(
          `INSERT INTO transcripts (id, project_id, media_id, model_id, model_version, model_sha256, original_words, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(record.id, record.projectId, record.mediaId, record.model.id, record.model.version, record.model.sha256, JSON.stringify(original), record.createdAt);
      const provenance = this.#db.prepare('INSERT INTO transcript_plugins (transcript_id, position, plugin_id, plugin_version) VALUES (?, ?, ?, ?)');
      plugins.forEach((plugin, position) => provenance.run(record.id, position, plugin.id, plugin.version));
      this.#documents.append(record.id, update);
    });
    insert.immediate();
    return record;
  }

  /** The transcript with this id, or undefined. Does not check access: authorise against its `projectId` first. */
  get(id: string): TranscriptRecord | undefined {
    const row = this.#db.prepare<[string], TranscriptRow>(`SELECT ${COLUMNS} FROM transcripts WHERE id = ?`).get(id);
    return row === undefined ? undefined : this.#record(row);
  }

  /** A project's transcripts, oldest first. */
  listForProject(projectId: string): TranscriptRecord[] {
    return this.#db
      .prepare<[string], TranscriptRow>(`SELECT ${COLUMNS} FROM transcripts WHERE project_id = ? ORDER BY created_at, id`)
      .all(projectId)
      .map((row) => this.#record(row));
  }

  /** The recogniser's words as they were stored at creation (never changed by edits), or undefined. */
  originalSegments(id: string): Segment[] | undefined {
    const row = this.#db.prepare<[string], { original_words: string }>('SELECT original_words FROM transcripts WHERE id = ?').get(id);
    return row === undefined ? undefined : (JSON.parse(row.original_words) as Segment[]);
  }

  #record(row: TranscriptRow): TranscriptRecord {
    const plugins = this.#db
      .prepare<[string], PluginRow>('SELECT plugin_id, plugin_version FROM transcript_plugins WHERE transcript_id = ? ORDER BY position')
      .all(row.id)
      .map((p) => ({ id: p.plugin_id, version: p.plugin_version }));
    return {
      id: row.id,
      projectId: row.project_id,
      mediaId: row.media_id,
      model: { id: row.model_id, version: row.model_version, sha256: row.model_sha256 },
      plugins,
      createdAt: row.created_at,
    };
  }
}

function checkPlugins(plugins: readonly PluginProvenance[]): PluginProvenance[] {
  const seen = new Set<string>();
  return plugins.map((plugin) => {
    if (typeof plugin.id !== 'string' || plugin.id === '' || typeof plugin.version !== 'string' || plugin.version === '' || seen.has(plugin.id)) {
      throw new TranscriptError('invalid-transcript', `Plugin provenance ${JSON.stringify(plugin)} is not valid: each plugin once, with a non-empty id and version.`);
    }
    seen.add(plugin.id);
    return { id: plugin.id, version: plugin.version };
  });
}

function checkSegments(segments: readonly Segment[]): void {
  for (const segment of segments) {
    for (const word of segment.words) {
      const ok =
        typeof word.text === 'string' && word.text.trim() !== '' && !/\s/u.test(word.text) &&
        Number.isFinite(word.start) && Number.isFinite(word.end) && word.end >= word.start &&
        Number.isFinite(word.confidence) && word.confidence >= 0 && word.confidence <= 1;
      if (!ok) {
        throw new TranscriptError('invalid-transcript', `Word ${JSON.stringify(word.text)} at ${word.start}s is not a valid recognised word (non-empty text without spaces, finite times with end >= start, confidence in [0, 1]).`);
      }
    }
  }
}
