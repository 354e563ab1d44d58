import {
  InstalledModelJson,
  InstallModelBody,
  ModelAliasActionJson,
  ModelAliasEventJson,
  ModelAliasJson,
  ModelAliasNameJson,
  ModelIdentityJson,
  ModelInstallJson,
  ModelLayoutJson,
  ModelLineageJson,
  PromoteModelBody,
  RollbackModelBody,
  SetModelAliasBody,
} from '@verbatim/core/api';
import { z } from 'zod';

/** `GET /api/models`. */
export const ModelListResponse = z.object({ models: z.array(InstalledModelJson) });
/** `GET /api/model-aliases` and `GET /api/projects/:id/model-aliases`. */
export const ModelAliasListResponse = z.object({ aliases: z.array(ModelAliasJson) });
/** `GET /api/model-aliases/history`. */
export const ModelAliasHistoryResponse = z.object({ events: z.array(ModelAliasEventJson) });

/** The model registry's schemas by their OpenAPI component name (the API's components include them). */
export const MODEL_API_COMPONENTS: Readonly<Record<string, z.ZodType>> = {
  ModelIdentity: ModelIdentityJson,
  ModelLayout: ModelLayoutJson,
  ModelLineage: ModelLineageJson,
  InstalledModel: InstalledModelJson,
  ModelList: ModelListResponse,
  InstallModelBody,
  ModelInstall: ModelInstallJson,
  ModelAliasName: ModelAliasNameJson,
  ModelAlias: ModelAliasJson,
  ModelAliasList: ModelAliasListResponse,
  ModelAliasAction: ModelAliasActionJson,
  ModelAliasEvent: ModelAliasEventJson,
  ModelAliasHistory: ModelAliasHistoryResponse,
  SetModelAliasBody,
  PromoteModelBody,
  RollbackModelBody,
};
