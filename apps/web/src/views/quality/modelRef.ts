/** "id@version": how the dashboard names a model version (and keys its series). */
export function modelRef(model: { modelId: string; modelVersion: string }): string {
  return `${model.modelId}@${model.modelVersion}`;
}
