import type { InstalledModelJson, ModelAliasEventJson, ModelAliasJson } from '@verbatim/core/api';
import type { InstalledModel } from './InstalledModel.ts';
import type { ModelAlias, ModelAliasEvent, ModelRegistry } from './ModelRegistry.ts';

/**
 * An installed model as the API sends it, with the aliases that point at it and whether anything uses it. `calibrated`
 * is true when the package brings a calibration or when the version has an active recalibration from verified words
 * (`recalibrated`), since new jobs' confidences then go through it.
 */
export function toInstalledModelJson(model: InstalledModel, registry: ModelRegistry, recalibrated = false): InstalledModelJson {
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
    calibrated: model.calibrated || recalibrated,
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
