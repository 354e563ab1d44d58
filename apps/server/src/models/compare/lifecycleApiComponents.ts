import { CreateModelComparisonBody, CreateRerunBody, ModelComparisonJson, ModelComparisonRowJson, RerunJson, RetranscribeBody, TranscriptRevisionJson } from '@verbatim/core/api';
import type { z } from 'zod';
import { RestoredRevisionResponse, TranscriptRevisionDetailResponse, TranscriptRevisionListResponse } from '../../transcripts/revisions/revisionRoutes.ts';
import { RerunListResponse } from '../rerun/rerunRoutes.ts';
import { ModelComparisonListResponse } from './comparisonRoutes.ts';

/** The schemas of comparisons, re-runs and transcript revisions by their OpenAPI component name (the API's components include them). */
export const LIFECYCLE_API_COMPONENTS: Readonly<Record<string, z.ZodType>> = {
  CreateModelComparisonBody,
  ModelComparisonRow: ModelComparisonRowJson,
  ModelComparison: ModelComparisonJson,
  ModelComparisonList: ModelComparisonListResponse,
  CreateRerunBody,
  Rerun: RerunJson,
  RerunList: RerunListResponse,
  RetranscribeBody,
  TranscriptRevision: TranscriptRevisionJson,
  TranscriptRevisionList: TranscriptRevisionListResponse,
  TranscriptRevisionDetail: TranscriptRevisionDetailResponse,
  RestoredRevision: RestoredRevisionResponse,
};
