import { JOB_MIGRATIONS } from '../jobs/jobMigrations.ts';
import { LIVE_MIGRATIONS } from '../live/liveMigrations.ts';
import { MEDIA_MIGRATIONS } from '../media/mediaMigrations.ts';
import { COMPARE_MIGRATIONS } from '../models/compare/compareMigrations.ts';
import { MODEL_MIGRATIONS } from '../models/modelMigrations.ts';
import { RERUN_MIGRATIONS } from '../models/rerun/rerunMigrations.ts';
import { PLUGIN_MIGRATIONS } from '../plugins/pluginMigrations.ts';
import { QUALITY_MIGRATIONS } from '../quality/qualityMigrations.ts';
import { REVIEW_MIGRATIONS } from '../reviews/reviewMigrations.ts';
import { TRAINING_MIGRATIONS } from '../training/trainingMigrations.ts';
import { TRANSCRIPTION_MIGRATIONS } from '../transcription/transcriptionMigrations.ts';
import { REVISION_MIGRATIONS } from '../transcripts/revisions/revisionMigrations.ts';
import { VOCABULARY_MIGRATIONS } from '../vocabulary/vocabularyMigrations.ts';
import { YJS_MIGRATIONS } from '../yjs/yjsMigrations.ts';
import { AUTH_MIGRATIONS } from './authMigrations.ts';
import { CORE_MIGRATIONS } from './coreMigrations.ts';
import type { Migration } from './Migration.ts';

/**
 * Every migration this version knows, in the order they are applied. Id ranges belong to areas so that they can be
 * written independently: core and queue 1-99, accounts and projects 100-199, media 200-299, transcripts and Yjs documents 300-399, transcription jobs 400-499,
 * project vocabularies 500-599, plugins 600-699, reviews 700-799, the model registry 800-849, model comparisons, transcript revisions and re-runs 850-899, field quality 1000-1049, training exports 1100-1149, live captions 1200-1299, transcription settings 1300-1349.
 */
export const MIGRATIONS: readonly Migration[] = [
  ...CORE_MIGRATIONS,
  ...AUTH_MIGRATIONS,
  ...MEDIA_MIGRATIONS,
  ...YJS_MIGRATIONS,
  ...JOB_MIGRATIONS,
  ...VOCABULARY_MIGRATIONS,
  ...PLUGIN_MIGRATIONS,
  ...REVIEW_MIGRATIONS,
  ...MODEL_MIGRATIONS,
  ...COMPARE_MIGRATIONS,
  ...REVISION_MIGRATIONS,
  ...RERUN_MIGRATIONS,
  ...QUALITY_MIGRATIONS,
  ...TRAINING_MIGRATIONS,
  ...LIVE_MIGRATIONS,
  ...TRANSCRIPTION_MIGRATIONS,
];
