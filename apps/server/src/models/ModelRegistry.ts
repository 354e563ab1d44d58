import type { SqlDatabase } from '../db/SqlDatabase.ts';
import type { InstalledModel, ModelStoreLike } from './InstalledModel.ts';
import { identityOf, MODEL_ALIAS_NAMES, type ModelAlias, type ModelAliasAction, type ModelAliasEvent, type ModelAliasName, type ModelIdentity } from './ModelAlias.ts';
import { type AliasRow, type EventRow, fromOf, refOf, toAlias, toEvent } from './modelAliasRows.ts';
import { ModelRegistryError } from './ModelRegistryError.ts';

export { identityOf, MODEL_ALIAS_NAMES } from './ModelAlias.ts';
export type { ModelAlias, ModelAliasAction, ModelAliasEvent, ModelAliasName, ModelIdentity } from './ModelAlias.ts';

/** Who moves an alias and why (every move is recorded with them). */
export interface AliasMoveInput {
  readonly projectId?: string | null;
  /** A user id, or `system`. */
  readonly by: string;
  readonly reason: string;
}

/** Options of {@link ModelRegistry.setAlias}. */
export interface SetAliasInput extends AliasMoveInput {
  readonly alias: ModelAliasName;
  /** `id@version` or `id` (its newest installed version); null clears a project's override or the candidate. */
  readonly model: string | null;
}

/**
 * Checks a promotion before it happens: the current default (null when none is set) and the candidate; a string
 * refuses it with that reason (shown to the person promoting), undefined lets it through.
 */
export type PromotionGate = (current: ModelIdentity | null, candidate: InstalledModel) => string | undefined | Promise<string | undefined>;

/** Options of {@link ModelRegistry.promote}. */
export interface PromoteInput extends AliasMoveInput {
  readonly comparisonId?: string | null;
  readonly gate?: PromotionGate;
}

/** Options of {@link ModelRegistry.rollback}. */
export interface RollbackInput extends AliasMoveInput {
  readonly alias: ModelAliasName;
}

/** Options of {@link ModelRegistry}. */
export interface ModelRegistryOptions {
  readonly db: SqlDatabase;
  readonly store: ModelStoreLike;
  /** Milliseconds clock (default `Date.now`). */
  readonly now?: () => number;
}

/** The `user` recorded for moves the server makes itself. */
export const SYSTEM_USER = 'system';

/**
 * The installed models (the content-addressed {@link ModelStoreLike store}) and the aliases that choose among them:
 * a deployment-wide `default` (what jobs use), an optional `candidate` (on trial), and per-project overrides of either.
 * Every move of an alias is one SQLite transaction that writes the alias and its audit event (who, when, from, to,
 * why). A job resolves its model when it starts ({@link ModelRegistry.resolve}): a named model, else the project's
 * `default` override, else the deployment `default`; so moving an alias never touches a running job.
 *
 * Rollback moves an alias back to the `from` of the event that set its current value; a second rollback then goes
 * back past that event too, and so on: repeated rollbacks walk back through the alias's history (a `set`, `promote`
 * or `clear` after a rollback starts a new step to walk back from).
 *
 * @example
 * const registry = new ModelRegistry({ db, store: new ModelStore(join(dataDir, 'models')) });
 * const model = await registry.resolve(projectId);             // the model the project's jobs use now
 * await registry.setAlias({ alias: 'candidate', model: 'parakeet@1.1', by: userId, reason: 'try on interviews' });
 * await registry.promote({ by: userId, reason: 'better on the reviewed set', gate });
 * await registry.rollback({ alias: 'default', by: userId, reason: 'worse on names' });
 */
export class ModelRegistry {
  readonly store: ModelStoreLike;
  readonly #db: SqlDatabase;
  readonly #now: () => number;

  constructor(options: ModelRegistryOptions) {
    this.store = options.store;
    this.#db = options.db;
    this.#now = options.now ?? Date.now;
  }

  /**
   * The installed model a job of `projectId` uses: `ref` (`id@version` or `id`) when given, else the project's
   * `default` override, else the deployment `default`.
   *
   * @throws {ModelRegistryError} `model-not-found` when `ref` is not installed, `model-removed` when the alias points
   *   at a model removed since (the message names the alias and the model), `no-default-model` when none is set.
   */
  async resolve(projectId: string | null, ref?: string): Promise<InstalledModel> {
    if (ref !== undefined) return this.#installed(ref);
    const alias = this.effectiveAlias('default', projectId);
    if (alias.model === null) {
      throw new ModelRegistryError('no-default-model', 'No default model is set: install a model and point the default alias at it (PUT /api/model-aliases/default).');
    }
    const model = await this.#current(alias.model);
    if (model === undefined) {
      const label = alias.projectId === null ? 'The default model alias' : "This project's default model alias";
      throw new ModelRegistryError(
        'model-removed',
        `${label} points at ${alias.model.id}@${alias.model.version}, which is no longer installed: point the alias at an installed model or roll it back.`,
      );
    }
    return model;
  }

  /** The installed model that is exactly `identity` (same id, version and package hash), if it is still installed. */
  find(identity: ModelIdentity): Promise<InstalledModel | undefined> {
    return this.#current(identity);
  }

  /** Where `alias` points in its own scope (`projectId` null: the deployment's); `model` null when not set. */
  alias(alias: ModelAliasName, projectId: string | null = null): ModelAlias {
    const row = this.#db
      .prepare<[string, ModelAliasName], AliasRow>("SELECT * FROM model_aliases WHERE ifnull(project_id, '') = ? AND alias = ?")
      .get(projectId ?? '', alias);
    return row === undefined ? { alias, projectId, model: null, updatedAt: null, updatedBy: null } : toAlias(row);
  }

  /** What `alias` means for a project: its own override if set, else the deployment's. */
  effectiveAlias(alias: ModelAliasName, projectId: string | null): ModelAlias {
    if (projectId !== null) {
      const own = this.alias(alias, projectId);
      if (own.model !== null) return own;
    }
    return this.alias(alias, null);
  }

  /** Every alias of the deployment (`projectId` null) or a project's overrides, set or not, in {@link MODEL_ALIAS_NAMES} order. */
  aliases(projectId: string | null = null): ModelAlias[] {
    return MODEL_ALIAS_NAMES.map((name) => this.alias(name, projectId));
  }

  /** Every alias that is set, deployment and projects: `default`, `candidate`, `project:<id>:default`, ... by model. */
  aliasNames(model: ModelIdentity): string[] {
    const rows = this.#db
      .prepare<[string, string, string], AliasRow>('SELECT * FROM model_aliases WHERE model_id = ? AND model_version = ? AND model_sha256 = ? ORDER BY project_id IS NOT NULL, project_id, alias')
      .all(model.id, model.version, model.sha256);
    return rows.map((row) => (row.project_id === null ? row.alias : `project:${row.project_id}:${row.alias}`));
  }

  /**
   * Points `alias` at an installed model (or clears it: a project's override, or the candidate), recording a `set`
   * (or `clear`) event.
   *
   * @throws {ModelRegistryError} `model-not-found` when the model is not installed; `invalid-alias-move` when asked
   *   to clear the deployment default.
   */
  async setAlias(input: SetAliasInput): Promise<ModelAlias> {
    const projectId = input.projectId ?? null;
    if (input.model === null) {
      if (projectId === null && input.alias === 'default') {
        throw new ModelRegistryError('invalid-alias-move', 'The deployment default cannot be cleared: point it at another installed model instead.');
      }
      // clearing what is not set moves nothing, so it records nothing
      if (this.alias(input.alias, projectId).model === null) return this.alias(input.alias, projectId);
      return this.#move({ alias: input.alias, projectId, to: null, action: 'clear', by: input.by, reason: input.reason });
    }
    const model = await this.#installed(input.model);
    return this.#move({ alias: input.alias, projectId, to: identityOf(model), action: 'set', by: input.by, reason: input.reason });
  }

  /**
   * Moves `candidate` to `default` (the project's override when `projectId` is given, whose candidate is its own
   * override or else the deployment's), after `gate` lets it through, and clears the candidate of the same scope in
   * the same transaction (both moves recorded, the promotion with `comparisonId`); a project that promotes the
   * deployment's candidate leaves it in place for the other projects.
   *
   * @throws {ModelRegistryError} `no-candidate`, `model-removed` (the candidate was removed), `promotion-refused`
   *   with the gate's reason.
   */
  async promote(input: PromoteInput): Promise<ModelAlias> {
    const projectId = input.projectId ?? null;
    const candidateAlias = this.effectiveAlias('candidate', projectId);
    if (candidateAlias.model === null) {
      throw new ModelRegistryError('no-candidate', 'There is no candidate model to promote: set the candidate alias first (PUT /api/model-aliases/candidate).');
    }
    const candidate = await this.#current(candidateAlias.model);
    if (candidate === undefined) {
      throw new ModelRegistryError('model-removed', `The candidate alias points at ${refOf(candidateAlias.model)}, which is no longer installed.`);
    }
    const current = this.effectiveAlias('default', projectId).model;
    const refusal = await input.gate?.(current, candidate);
    if (refusal !== undefined) throw new ModelRegistryError('promotion-refused', refusal);
    const by = input.by;
    return this.#db.transaction(() => {
      const promoted = this.#moveNow({ alias: 'default', projectId, to: identityOf(candidate), action: 'promote', by, reason: input.reason, comparisonId: input.comparisonId ?? null });
      // the candidate of the scope promoted in is done; a project promoting the deployment's leaves it to the others
      if (candidateAlias.projectId === projectId) {
        this.#moveNow({ alias: 'candidate', projectId, to: null, action: 'clear', by, reason: `promoted to default: ${input.reason}` });
      }
      return promoted;
    }).immediate();
  }

  /**
   * Moves `alias` back to the `from` of the event that set its current value (see the class comment: repeated
   * rollbacks walk back through the history). A project override rolled back past its first `set` is cleared.
   *
   * @throws {ModelRegistryError} `nothing-to-roll-back` when no move is left to undo (or the deployment default would
   *   be cleared); `model-not-found` when the earlier model was removed from the store since.
   */
  async rollback(input: RollbackInput): Promise<ModelAlias> {
    const projectId = input.projectId ?? null;
    const step = this.#undoableEvent(input.alias, projectId);
    const where = projectId === null ? `The ${input.alias} alias` : `This project's ${input.alias} alias`;
    if (step === undefined) throw new ModelRegistryError('nothing-to-roll-back', `${where} has no earlier value to roll back to.`);
    const back = fromOf(step);
    if (back === null && projectId === null && input.alias === 'default') {
      throw new ModelRegistryError('nothing-to-roll-back', `${where} was first set by that move; there is no earlier model to roll back to.`);
    }
    if (back !== null && (await this.#current(back)) === undefined) {
      throw new ModelRegistryError('model-not-found', `${where} would go back to ${refOf(back)}, which is no longer installed: set the alias to an installed model instead.`);
    }
    return this.#move({ alias: input.alias, projectId, to: back, action: 'rollback', by: input.by, reason: input.reason, undoes: step.id, expect: step });
  }

  /** The moves of the deployment's aliases (`projectId` null) or a project's overrides, newest first. */
  history(projectId: string | null = null, limit = 500): ModelAliasEvent[] {
    const rows = this.#db
      .prepare<[string, number], EventRow>(
        `SELECT e.*, u.display_name AS by_name FROM model_alias_events e LEFT JOIN users u ON u.id = e.by
         WHERE ifnull(e.project_id, '') = ? ORDER BY e.id DESC LIMIT ?`,
      )
      .all(projectId ?? '', limit);
    return rows.map(toEvent);
  }

  /**
   * Why `model` cannot be removed, or undefined when nothing uses it: the aliases that point at it and the queued or
   * running jobs that named it or started on it.
   */
  usage(model: Pick<InstalledModel, 'id' | 'version' | 'sha256'>): string | undefined {
    const uses: string[] = this.aliasNames(model).map((name) => (name.startsWith('project:') ? `the ${name.split(':')[2]} alias of project ${name.split(':')[1]}` : `the ${name} alias`));
    const jobs = this.#db
      .prepare<[string, string, string, string, string], { id: string; state: string }>(
        `SELECT j.id, j.state FROM jobs j LEFT JOIN job_models m ON m.job_id = j.id
         WHERE j.state IN ('queued', 'running')
           AND ((m.model_id = ? AND m.model_version = ? AND m.model_sha256 = ?)
             OR json_extract(j.payload, '$.model') IN (?, ?))
         ORDER BY j.created_at LIMIT 6`,
      )
      .all(model.id, model.version, model.sha256, `${model.id}@${model.version}`, model.id);
    for (const job of jobs.slice(0, 5)) uses.push(`${job.state} job ${job.id}`);
    if (jobs.length > 5) uses.push('more jobs');
    return uses.length === 0 ? undefined : `${model.id}@${model.version} is in use by ${uses.join(', ')}.`;
  }

  /**
   * Removes an installed model unless an alias or a queued or running job uses it.
   *
   * @throws {ModelRegistryError} `model-not-found`, `model-in-use` naming what uses it.
   */
  async remove(ref: string): Promise<InstalledModel> {
    const model = await this.#installed(ref);
    try {
      return await this.store.remove(model.ref, { inUse: (m) => this.usage(m) });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 'model-in-use' || code === 'model-not-found') throw new ModelRegistryError(code, (error as Error).message, { cause: error });
      throw error;
    }
  }

  /** Records the model a job started on (a running job's model is in use; jobs can be listed by model). */
  recordJobModel(jobId: string, model: ModelIdentity): void {
    this.#db
      .prepare('INSERT OR REPLACE INTO job_models (job_id, model_id, model_version, model_sha256) VALUES (?, ?, ?, ?)')
      .run(jobId, model.id, model.version, model.sha256);
  }

  /** The model a job started on, if it recorded one. */
  jobModel(jobId: string): ModelIdentity | undefined {
    const row = this.#db
      .prepare<[string], { model_id: string; model_version: string; model_sha256: string }>('SELECT model_id, model_version, model_sha256 FROM job_models WHERE job_id = ?')
      .get(jobId);
    return row === undefined ? undefined : { id: row.model_id, version: row.model_version, sha256: row.model_sha256 };
  }

  // the installed model `ref` names, or model-not-found
  async #installed(ref: string): Promise<InstalledModel> {
    const model = await this.store.get(ref);
    if (model === undefined) throw new ModelRegistryError('model-not-found', `The model "${ref}" is not installed (GET /api/models lists the installed ones).`);
    return model;
  }

  // the installed model an alias names, if that exact package is still installed
  async #current(identity: ModelIdentity): Promise<InstalledModel | undefined> {
    const model = await this.store.get(`${identity.id}@${identity.version}`);
    return model !== undefined && model.sha256 === identity.sha256 ? model : undefined;
  }

  // the latest move of the alias that a rollback would undo: replaying the history, each rollback pops the move it undid
  #undoableEvent(alias: ModelAliasName, projectId: string | null): EventRow | undefined {
    const rows = this.#db
      .prepare<[string, ModelAliasName], EventRow>("SELECT *, NULL AS by_name FROM model_alias_events WHERE ifnull(project_id, '') = ? AND alias = ? ORDER BY id")
      .all(projectId ?? '', alias);
    const stack: EventRow[] = [];
    for (const row of rows) {
      if (row.action === 'rollback') stack.pop();
      else stack.push(row);
    }
    return stack.at(-1);
  }

  #move(input: MoveInput & { expect?: EventRow }): Promise<ModelAlias> {
    return Promise.resolve(
      this.#db.transaction(() => {
        // another move between reading the history and this transaction: the rollback target is stale
        if (input.expect !== undefined && this.#undoableEvent(input.alias, input.projectId)?.id !== input.expect.id) {
          throw new ModelRegistryError('nothing-to-roll-back', 'The alias moved meanwhile; look at its history and try again.');
        }
        return this.#moveNow(input);
      }).immediate(),
    );
  }

  // inside a transaction: write the alias and its event
  #moveNow(input: MoveInput): ModelAlias {
    const now = this.#now();
    const before = this.alias(input.alias, input.projectId).model;
    const to = input.to;
    if (to === null) this.#db.prepare("DELETE FROM model_aliases WHERE ifnull(project_id, '') = ? AND alias = ?").run(input.projectId ?? '', input.alias);
    else {
      this.#db.prepare("DELETE FROM model_aliases WHERE ifnull(project_id, '') = ? AND alias = ?").run(input.projectId ?? '', input.alias);
      this.#db
        .prepare('INSERT INTO model_aliases (project_id, alias, model_id, model_version, model_sha256, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(input.projectId, input.alias, to.id, to.version, to.sha256, now, input.by);
    }
    this.#db
      .prepare(
        `INSERT INTO model_alias_events (project_id, alias, action, from_id, from_version, from_sha256, to_id, to_version, to_sha256, by, at, reason, comparison_id, undoes)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        input.projectId,
        input.alias,
        input.action,
        before?.id ?? null,
        before?.version ?? null,
        before?.sha256 ?? null,
        to?.id ?? null,
        to?.version ?? null,
        to?.sha256 ?? null,
        input.by,
        now,
        input.reason,
        input.comparisonId ?? null,
        input.undoes ?? null,
      );
    return this.alias(input.alias, input.projectId);
  }
}

interface MoveInput {
  readonly alias: ModelAliasName;
  readonly projectId: string | null;
  readonly to: ModelIdentity | null;
  readonly action: ModelAliasAction;
  readonly by: string;
  readonly reason: string;
  readonly comparisonId?: string | null;
  readonly undoes?: number;
}
