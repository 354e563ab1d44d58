import type { Schema, TableSchema } from './TableSchema.ts';

/**
 * The differences between the schema the migrations make on SQLite and on PostgreSQL, one line each (empty when they
 * match): tables, columns (type class, NOT NULL, default present), primary keys, foreign keys with their ON DELETE,
 * unique constraints and indexes, named indexes, how many CHECK constraints. A PostgreSQL `rowid` identity column is
 * SQLite's implicit rowid, so it may stand only on a table that has one on SQLite.
 */
export function compareSchemas(sqlite: Schema, postgres: Schema): string[] {
  const differences: string[] = [];
  for (const name of new Set([...Object.keys(sqlite), ...Object.keys(postgres)])) {
    const a = sqlite[name];
    const b = postgres[name];
    if (!a || !b) {
      differences.push(`table ${name}: only on ${a ? 'SQLite' : 'PostgreSQL'}`);
      continue;
    }
    differences.push(...compareTables(name, a, b));
  }
  return differences;
}

function compareTables(table: string, a: TableSchema, b: TableSchema): string[] {
  const differences: string[] = [];
  const differ = (what: string, x: unknown, y: unknown) => {
    if (JSON.stringify(x) !== JSON.stringify(y)) differences.push(`${table} ${what}: SQLite ${JSON.stringify(x)}, PostgreSQL ${JSON.stringify(y)}`);
  };
  for (const column of new Set([...Object.keys(a.columns), ...Object.keys(b.columns)])) differ(`column ${column}`, a.columns[column] ?? null, b.columns[column] ?? null);
  differ('primary key', a.primaryKey, b.primaryKey);
  differ('foreign keys', a.foreignKeys, b.foreignKeys);
  differ('unique keys', a.uniqueKeys, b.uniqueKeys);
  for (const index of new Set([...Object.keys(a.indexes), ...Object.keys(b.indexes)])) differ(`index ${index}`, a.indexes[index] ?? null, b.indexes[index] ?? null);
  differ('CHECK constraints', a.checks, b.checks);
  if (b.rowid && !a.rowid) differences.push(`${table}: a rowid column on PostgreSQL, but the SQLite table is WITHOUT ROWID`);
  return differences;
}
