import type { ModelAlias, ModelAliasAction, ModelAliasEvent, ModelAliasName, ModelIdentity } from './ModelAlias.ts';

// The registry's rows as SQLite returns them, and their API shapes.

/** A row of `model_aliases`. */
export interface AliasRow {
  project_id: string | null;
  alias: ModelAliasName;
  model_id: string;
  model_version: string;
  model_sha256: string;
  updated_at: number;
  updated_by: string;
}

/** A row of `model_alias_events` (with the mover's display name joined in). */
export interface EventRow {
  id: number;
  project_id: string | null;
  alias: ModelAliasName;
  action: ModelAliasAction;
  from_id: string | null;
  from_version: string | null;
  from_sha256: string | null;
  to_id: string | null;
  to_version: string | null;
  to_sha256: string | null;
  by: string;
  by_name: string | null;
  at: number;
  reason: string;
  comparison_id: string | null;
  undoes: number | null;
}

/** `id@version`. */
export function refOf(model: ModelIdentity): string {
  return `${model.id}@${model.version}`;
}

/** An alias row as the registry gives it. */
export function toAlias(row: AliasRow): ModelAlias {
  return {
    alias: row.alias,
    projectId: row.project_id,
    model: { id: row.model_id, version: row.model_version, sha256: row.model_sha256 },
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

/** Where an event moved its alias from. */
export function fromOf(row: EventRow): ModelIdentity | null {
  return row.from_id === null ? null : { id: row.from_id, version: row.from_version!, sha256: row.from_sha256! };
}

/** An event row as the registry gives it. */
export function toEvent(row: EventRow): ModelAliasEvent {
  return {
    id: row.id,
    alias: row.alias,
    projectId: row.project_id,
    action: row.action,
    from: fromOf(row),
    to: row.to_id === null ? null : { id: row.to_id, version: row.to_version!, sha256: row.to_sha256! },
    by: row.by,
    byName: row.by_name,
    at: row.at,
    reason: row.reason,
    comparisonId: row.comparison_id,
  };
}
