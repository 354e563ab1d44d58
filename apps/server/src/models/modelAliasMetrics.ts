import { Gauge, type Registry } from 'prom-client';
import type { ModelRegistry } from './ModelRegistry.ts';

/**
 * `verbatim_model_default_info{model_id, model_version, sha256}`: 1 for the model the deployment `default` alias
 * points at, read at each scrape (no series while none is set), so a dashboard shows which model serves and when it
 * changed.
 */
export function registerModelAliasMetrics(registry: Registry, models: ModelRegistry): void {
  new Gauge({
    name: 'verbatim_model_default_info',
    help: 'The model the deployment default alias points at (value 1; its id, version and package sha256 as labels).',
    labelNames: ['model_id', 'model_version', 'sha256'] as const,
    registers: [registry],
    collect() {
      this.reset();
      const model = models.alias('default', null).model;
      if (model !== null) this.set({ model_id: model.id, model_version: model.version, sha256: model.sha256 }, 1);
    },
  });
}
