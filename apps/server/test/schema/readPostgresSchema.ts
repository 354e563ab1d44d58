import type pg from 'pg';
import { type Schema, typeClass } from './TableSchema.ts';

const ON_DELETE: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

/** Reads every table of a PostgreSQL database's `public` schema as the parity test compares them. */
export async function readPostgresSchema(client: pg.Client): Promise<Schema> {
  const columns = await client.query<{ table: string; name: string; type: string; notnull: boolean; hasdefault: boolean; identity: boolean; num: number }>(`
    SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, NULL) AS type, a.attnotnull AS notnull,
           a.atthasdef AS hasdefault, a.attidentity <> '' AS identity, a.attnum AS num
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
      AND c.relname <> 'schema_migrations'
    ORDER BY c.relname, a.attnum`);
  const names = new Map<string, Map<number, string>>();
  const schema: Record<string, { columns: Record<string, string>; primaryKey: string; foreignKeys: string[]; uniqueKeys: string[]; indexes: Record<string, string>; checks: number; rowid: boolean }> = {};
  for (const c of columns.rows) {
    const table = (schema[c.table] ??= { columns: {}, primaryKey: '', foreignKeys: [], uniqueKeys: [], indexes: {}, checks: 0, rowid: false });
    if (!names.has(c.table)) names.set(c.table, new Map());
    names.get(c.table)!.set(c.num, c.name);
    if (c.name === 'rowid' && c.identity && typeClass(c.type) === 'integer') {
      table.rowid = true;
      continue;
    }
    table.columns[c.name] = [typeClass(c.type), c.notnull ? 'NOT NULL' : '', c.hasdefault ? 'DEFAULT' : ''].filter(Boolean).join(' ');
  }
  const nameOf = (table: string, num: number) => (num === 0 ? '<expr>' : (names.get(table)?.get(num) ?? `#${num}`));

  const constraints = await client.query<{ table: string; type: string; keys: number[]; ref: string | null; refkeys: number[] | null; ondelete: string }>(`
    SELECT conrelid::regclass::text AS table, contype AS type, conkey AS keys, confrelid::regclass::text AS ref,
           confkey AS refkeys, confdeltype AS ondelete
    FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid <> 0`);
  for (const c of constraints.rows) {
    const table = schema[c.table];
    if (!table) continue;
    const cols = (c.keys ?? []).map((k) => nameOf(c.table, k)).join(',');
    if (c.type === 'p') table.primaryKey = cols;
    else if (c.type === 'f') table.foreignKeys.push(`${cols} -> ${c.ref}(${c.refkeys!.map((k) => nameOf(c.ref!, k)).join(',')}) ON DELETE ${ON_DELETE[c.ondelete]}`);
    else if (c.type === 'c') table.checks++;
  }

  const indexes = await client.query<{ table: string; name: string; unique: boolean; primary: boolean; keys: number[]; partial: boolean; constraint: boolean }>(`
    SELECT t.relname AS table, ic.relname AS name, i.indisunique AS unique, i.indisprimary AS primary,
           i.indkey::int2[] AS keys, i.indpred IS NOT NULL AS partial,
           EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid AND con.contype IN ('p', 'u')) AS constraint
    FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
    WHERE t.relnamespace = 'public'::regnamespace`);
  for (const index of indexes.rows) {
    const table = schema[index.table];
    if (!table) continue;
    const cols = index.keys.map((k) => nameOf(index.table, k)).join(',');
    if (index.unique && !index.primary && !index.partial) table.uniqueKeys.push(cols);
    if (!index.constraint) table.indexes[index.name] = `${index.unique ? 'UNIQUE ' : ''}(${cols})${index.partial ? ' WHERE …' : ''}`;
  }
  for (const table of Object.values(schema)) {
    table.foreignKeys.sort();
    table.uniqueKeys.sort();
  }
  return schema;
}
