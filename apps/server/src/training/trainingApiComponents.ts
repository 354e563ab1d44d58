import {
  TrainingExportInfoJson,
  TrainingExportRecordJson,
  TrainingExportReportJson,
  TrainingManifestLineJson,
} from '@verbatim/core/api';
import type { z } from 'zod';
import { TrainingExportListResponse } from './trainingExportRoutes.ts';

/**
 * The schemas of training exports by their OpenAPI component name: the recorded exports, and (for clients reading
 * the tar) a manifest line, report.json and export.json.
 */
export const TRAINING_API_COMPONENTS: Readonly<Record<string, z.ZodType>> = {
  TrainingExportRecord: TrainingExportRecordJson,
  TrainingExportList: TrainingExportListResponse,
  TrainingManifestLine: TrainingManifestLineJson,
  TrainingExportReport: TrainingExportReportJson,
  TrainingExportInfo: TrainingExportInfoJson,
};
