/** The aliases a model can be given. */
export type ModelAliasName = 'default' | 'candidate';

/** The aliases, in the order they are listed. */
export const MODEL_ALIAS_NAMES: readonly ModelAliasName[] = ['default', 'candidate'];

/** What moved an alias. */
export type ModelAliasAction = 'set' | 'promote' | 'rollback' | 'clear';

/** Which model: id, version and the installed package's content hash. */
export interface ModelIdentity {
  readonly id: string;
  readonly version: string;
  readonly sha256: string;
}

/** Where an alias points (`model` null: not set; a project then uses the deployment's). */
export interface ModelAlias {
  readonly alias: ModelAliasName;
  /** null: deployment-wide; otherwise the project whose override it is. */
  readonly projectId: string | null;
  readonly model: ModelIdentity | null;
  readonly updatedAt: number | null;
  readonly updatedBy: string | null;
}

/** One audited move of an alias. */
export interface ModelAliasEvent {
  readonly id: number;
  readonly alias: ModelAliasName;
  readonly projectId: string | null;
  readonly action: ModelAliasAction;
  readonly from: ModelIdentity | null;
  readonly to: ModelIdentity | null;
  /** A user id, or `system` for the server's own moves (seeding the bundled model). */
  readonly by: string;
  /** The user's display name, when `by` is a user that still exists. */
  readonly byName: string | null;
  readonly at: number;
  readonly reason: string;
  readonly comparisonId: string | null;
}

/** id, version and package hash of an installed model. */
export function identityOf(model: ModelIdentity): ModelIdentity {
  return { id: model.id, version: model.version, sha256: model.sha256 };
}
