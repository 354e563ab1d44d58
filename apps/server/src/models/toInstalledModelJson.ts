import type { InstalledModelJson, ModelAliasEventJson, ModelAliasJson } from '@verbatim/core/api';
import type { InstalledModel } from './InstalledModel.ts';
import type { ModelAlias, ModelAliasEvent, ModelRegistry } from './ModelRegistry.ts';

/** An installed model as the API sends it, with the aliases that point at it and whether anything uses it. */
export function toInstalledModelJson(model: InstalledModel, registry: ModelRegistry): InstalledModelJson {
  return {
    id: model.id,
    version: model.version,
    sha256: model.sha256,
    ref: model.ref,
    layout: model.layout,
    modelSha256: model.modelSha256,
    source: model.source,
    installedAt: model.installedAt,
    installedBy: model.installedBy,
    sizeBytes: model.sizeBytes,
    language: model.language,
    calibrated: model.calibrated,
    hasLm: model.hasLm,
    card: model.card,
    eval: model.eval ?? null,
    lineage: model.lineage,
    aliases: registry.aliasNames(model),
    inUse: registry.usage(model) !== undefined,
  };
}

/** An alias as the API sends it. */
export function toModelAliasJson(alias: ModelAlias): ModelAliasJson {
  return { alias: alias.alias, projectId: alias.projectId, model: alias.model, updatedAt: alias.updatedAt, updatedBy: alias.updatedBy };
}

/** A move of an alias as the API sends it. */
export function toModelAliasEventJson(event: ModelAliasEvent): ModelAliasEventJson {
  return { ...event };
}
