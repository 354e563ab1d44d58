import type { ParameterSlot, TranslatedStatement } from './translateStatement.ts';

/** The text and values of one execution of a translated statement. */
export interface BoundStatement {
  text: string;
  values: unknown[];
}

/**
 * Binds the arguments of `get/all/run` the way better-sqlite3 does (values in order, arrays spread, one plain object
 * for named parameters; booleans and other objects refused with better-sqlite3's messages) and writes `$1…$n` with a
 * cast chosen from each value, since the values carry the types in SQLite: an integer is a `bigint` (an `int` where
 * the function takes one, as `substr`), another number a `double precision`, a Buffer a `bytea`; a string or null
 * stays untyped so that PostgreSQL takes its column's type, except before `IS [NOT] NULL`, where nothing else says.
 */
export function bindPostgresParameters(statement: TranslatedStatement, args: readonly unknown[]): BoundStatement {
  const positional: unknown[] = [];
  let named: Record<string, unknown> | undefined;
  for (const arg of args) {
    if (Array.isArray(arg)) positional.push(...arg);
    else if (isPlainObject(arg)) {
      if (named !== undefined) throw new TypeError('You cannot specify named parameters in two different objects');
      named = arg;
    } else positional.push(arg);
  }
  if (positional.length < statement.positionalCount) throw new RangeError('Too few parameter values were provided');
  if (positional.length > statement.positionalCount) throw new RangeError('Too many parameter values were provided');
  if (statement.names.length > 0) {
    if (named === undefined) throw new TypeError('Missing named parameters');
    for (const name of statement.names) {
      if (!(name in named)) throw new RangeError(`Missing named parameter "${name}"`);
    }
  }
  const { sql, slots } = statement;
  let text = sql[0]!;
  const values = new Array<unknown>(slots.length);
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i]!;
    const raw = typeof slot.key === 'number' ? positional[slot.key] : named![slot.key];
    const value = checkValue(raw);
    values[i] = typeof value === 'bigint' ? value.toString() : value;
    text += `$${i + 1}${castFor(value, slot)}${sql[i + 1]}`;
  }
  return { text, values };
}

function castFor(value: unknown, slot: ParameterSlot): string {
  switch (typeof value) {
    case 'number':
      if (Number.isSafeInteger(value)) return slot.context === 'int4' && Math.abs(value) < 2 ** 31 ? '::int' : '::bigint';
      return '::double precision';
    case 'bigint':
      return '::bigint';
    case 'string':
      return slot.context === 'isNull' ? '::text' : '';
    default:
      if (value === null) return slot.context === 'isNull' ? '::text' : '';
      return '::bytea';
  }
}

function checkValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  switch (typeof value) {
    case 'number':
    case 'bigint':
    case 'string':
      return value;
  }
  if (value instanceof Uint8Array) return value;
  throw new TypeError('SQLite3 can only bind numbers, strings, bigints, buffers, and null');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
