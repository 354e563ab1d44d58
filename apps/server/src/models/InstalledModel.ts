// The model store's types as the server uses them: the store is `ModelStore` of `@verbatim/asr/node`, shared with the CLI.
import type { ModelStore } from '@verbatim/asr/node';

export type { InstalledModel, InstallModelOptions, ModelInstallProgress, ModelLineage } from '@verbatim/asr/node';

/** What the server uses of the model store (a `ModelStore`). */
export type ModelStoreLike = Pick<ModelStore, 'root' | 'install' | 'list' | 'get' | 'findBySha256' | 'remove'>;
