import type { PluginContext } from './PluginContext.ts';

/** A plugin's code: `activate` registers its contributions, `deactivate` (optional) releases what it holds. */
export interface Plugin {
  activate(ctx: PluginContext): void | Promise<void>;
  deactivate?(): void | Promise<void>;
}
