import type { InstalledModelJson, ModelIdentityJson } from '@verbatim/core/api';

/**
 * The installed model an identity names: the same id and version, else the same hash (a transcript made before the
 * store recorded the ONNX file's hash, which the store keeps as `modelSha256`). Undefined when none matches.
 */
export function findModel(models: readonly InstalledModelJson[] | undefined, model: ModelIdentityJson | null | undefined): InstalledModelJson | undefined {
  if (!models || !model) return undefined;
  return (
    models.find((m) => m.id === model.id && m.version === model.version) ??
    (model.sha256 ? models.find((m) => m.sha256 === model.sha256 || m.modelSha256 === model.sha256) : undefined)
  );
}
