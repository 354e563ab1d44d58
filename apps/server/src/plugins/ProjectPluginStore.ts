import type { SqlDatabase, SqlStatement } from '../db/SqlDatabase.ts';

/** A plugin a project enabled: who enabled it and when. Whether it is still installed is the catalog's business. */
export interface ProjectPlugin {
  readonly pluginId: string;
  /** The account that enabled it; null once that account is gone. */
  readonly enabledBy: string | null;
  /** Milliseconds since the epoch. */
  readonly enabledAt: number;
}

/** Options of {@link ProjectPluginStore}. */
export interface ProjectPluginStoreOptions {
  /** Clock in milliseconds since the epoch; tests inject one. */
  readonly now?: () => number;
}

interface Row {
  plugin_id: string;
  enabled_by: string | null;
  enabled_at: number;
}

/**
 * The plugins each project enabled, in the `project_plugins` table. The store does not know which plugins are
 * installed: the routes refuse unknown ones, and the job runner skips ids that are no longer installed.
 *
 * @example
 * const store = new ProjectPluginStore(db);
 * store.enable(projectId, 'medical', userId);
 * store.list(projectId).map((p) => p.pluginId); // ['medical']
 */
export class ProjectPluginStore {
  readonly #now: () => number;
  readonly #list: SqlStatement<[string], Row>;
  readonly #get: SqlStatement<[string, string], Row>;
  readonly #insert: SqlStatement<[string, string, string | null, number]>;
  readonly #delete: SqlStatement<[string, string]>;

  constructor(db: SqlDatabase, options: ProjectPluginStoreOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#list = db.prepare('SELECT plugin_id, enabled_by, enabled_at FROM project_plugins WHERE project_id = ? ORDER BY plugin_id');
    this.#get = db.prepare('SELECT plugin_id, enabled_by, enabled_at FROM project_plugins WHERE project_id = ? AND plugin_id = ?');
    this.#insert = db.prepare('INSERT INTO project_plugins (project_id, plugin_id, enabled_by, enabled_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING');
    this.#delete = db.prepare('DELETE FROM project_plugins WHERE project_id = ? AND plugin_id = ?');
  }

  /** The project's enabled plugins, by plugin id (empty when it has none). */
  list(projectId: string): ProjectPlugin[] {
    return this.#list.all(projectId).map(fromRow);
  }

  /** The enabled plugin with this id, if the project enabled it. */
  get(projectId: string, pluginId: string): ProjectPlugin | undefined {
    const row = this.#get.get(projectId, pluginId);
    return row === undefined ? undefined : fromRow(row);
  }

  /**
   * Enables a plugin for the project; idempotent: enabling it again keeps who enabled it first, and when.
   * `created` says whether this call enabled it.
   */
  enable(projectId: string, pluginId: string, enabledBy: string | null): { plugin: ProjectPlugin; created: boolean } {
    const created = this.#insert.run(projectId, pluginId, enabledBy, this.#now()).changes > 0;
    return { plugin: this.get(projectId, pluginId)!, created };
  }

  /** Disables a plugin for the project; false when it was not enabled. */
  disable(projectId: string, pluginId: string): boolean {
    return this.#delete.run(projectId, pluginId).changes > 0;
  }
}

function fromRow(row: Row): ProjectPlugin {
  return { pluginId: row.plugin_id, enabledBy: row.enabled_by, enabledAt: row.enabled_at };
}
