import type { Database } from 'better-sqlite3';
import { type Schema, type TableSchema, typeClass } from './TableSchema.ts';

interface ColumnRow { name: string; type: string; notnull: number; dflt_value: string | null; pk: number }
interface ForeignKeyRow { id: number; seq: number; table: string; from: string; to: string | null; on_delete: string }
interface IndexRow { name: string; unique: number; origin: string; partial: number }
interface IndexColumnRow { seqno: number; name: string | null }

/** Reads every table of a SQLite database (but SQLite's own and `schema_migrations`) as the parity test compares them. */
export function readSqliteSchema(db: Database): Schema {
  const tables = db
    .prepare<[], { name: string; sql: string }>(
      "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name",
    )
    .all();
  const schema: Schema = {};
  for (const { name, sql } of tables) schema[name] = readTable(db, name, sql);
  return schema;
}

function readTable(db: Database, table: string, sql: string): TableSchema {
  const columnRows = db.prepare<[string], ColumnRow>('SELECT * FROM pragma_table_info(?)').all(table);
  const columns: Record<string, string> = {};
  for (const c of columnRows) {
    columns[c.name] = [typeClass(c.type), c.notnull || c.pk > 0 ? 'NOT NULL' : '', c.dflt_value !== null ? 'DEFAULT' : ''].filter(Boolean).join(' ');
  }
  const primaryKey = columnRows.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name).join(',');

  const keyRows = db.prepare<[string], ForeignKeyRow>('SELECT * FROM pragma_foreign_key_list(?)').all(table);
  const byId = Map.groupBy(keyRows, (k) => k.id);
  const foreignKeys = [...byId.values()].map((rows) => {
    rows.sort((a, b) => a.seq - b.seq);
    return `${rows.map((r) => r.from).join(',')} -> ${rows[0]!.table}(${rows.map((r) => r.to ?? '?').join(',')}) ON DELETE ${rows[0]!.on_delete}`;
  });

  const uniqueKeys: string[] = [];
  const indexes: Record<string, string> = {};
  for (const index of db.prepare<[string], IndexRow>('SELECT * FROM pragma_index_list(?)').all(table)) {
    const cols = db
      .prepare<[string], IndexColumnRow>('SELECT seqno, name FROM pragma_index_info(?) ORDER BY seqno')
      .all(index.name)
      .map((c) => c.name ?? '<expr>')
      .join(',');
    if (index.unique && index.origin !== 'pk' && !index.partial) uniqueKeys.push(cols);
    if (index.origin === 'c') indexes[index.name] = `${index.unique ? 'UNIQUE ' : ''}(${cols})${index.partial ? ' WHERE …' : ''}`;
  }

  const code = sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"/g, "''");
  return {
    columns,
    primaryKey,
    foreignKeys: foreignKeys.sort(),
    uniqueKeys: uniqueKeys.sort(),
    indexes,
    checks: code.match(/\bCHECK\s*\(/gi)?.length ?? 0,
    rowid: !/\bWITHOUT\s+ROWID\b/i.test(code),
  };
}
