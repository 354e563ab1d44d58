/** What the schema parity test compares of one table, read from SQLite or PostgreSQL in the same terms. */
export interface TableSchema {
  /** Column name → `<type class> [NOT NULL] [DEFAULT]` (classes: integer, real, text, blob). Primary key columns count as NOT NULL. */
  readonly columns: Record<string, string>;
  /** The primary key's columns in order, joined by commas ('' when the table has none: a SQLite rowid table). */
  readonly primaryKey: string;
  /** `cols -> table(cols) ON DELETE action`, sorted. */
  readonly foreignKeys: readonly string[];
  /** The columns of each unique constraint or unique index but the primary key (`<expr>` for an expression), sorted. */
  readonly uniqueKeys: readonly string[];
  /** Indexes created by name (not those behind a constraint): name → `[UNIQUE ](cols)[ WHERE …]`. */
  readonly indexes: Record<string, string>;
  /** How many CHECK constraints the table has. */
  readonly checks: number;
  /**
   * SQLite: whether the table has a rowid (it is not WITHOUT ROWID). PostgreSQL: whether it has the identity column
   * named `rowid` that stands for SQLite's (left out of `columns`).
   */
  readonly rowid: boolean;
}

/** Table name → its schema. */
export type Schema = Record<string, TableSchema>;

/** SQLite's type classes as the parity test names them, from a declared or PostgreSQL type name. */
export function typeClass(type: string): string {
  const t = type.toLowerCase();
  if (/^(integer|bigint|smallint|int[248]?)$/.test(t)) return 'integer';
  if (/^(real|double precision|float[48]?|numeric.*)$/.test(t)) return 'real';
  if (/^(text|character varying.*|varchar.*)$/.test(t)) return 'text';
  if (/^(blob|bytea)$/.test(t)) return 'blob';
  return t;
}
