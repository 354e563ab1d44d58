/**
 * Where a parameter sits, as far as choosing its type cast goes: `isNull` right before `IS [NOT] NULL` (where
 * PostgreSQL cannot infer a type), `int4` as an argument of a function that takes a 32-bit integer (`substr`),
 * `plain` anywhere else.
 */
export type ParameterContext = 'plain' | 'isNull' | 'int4';

/** One parameter of a translated statement: which value it takes (a 0-based position or a name) and where it sits. */
export interface ParameterSlot {
  readonly key: number | string;
  readonly context: ParameterContext;
}

/**
 * A statement in SQLite's dialect translated for PostgreSQL: `sql` alternates with `slots` (`sql.length ===
 * slots.length + 1`); the caller joins them with `$1…$n` and a cast chosen from each value (see
 * `bindPostgresParameters`). Every occurrence of a named parameter gets its own `$n`, so that its casts stay
 * independent.
 */
export interface TranslatedStatement {
  readonly sql: readonly string[];
  readonly slots: readonly ParameterSlot[];
  /** How many positional values the statement takes (`?` and `?NNN`). */
  readonly positionalCount: number;
  /** The names of its named parameters (`@name`, `:name`, `$name`), without the prefix. */
  readonly names: readonly string[];
  /**
   * `INSERT OR REPLACE INTO table (columns)`: the conflict clause needs the table's primary key, which only the
   * database knows; `sql` holds {@link UPSERT_MARKER} where `completeUpsert` puts it.
   */
  readonly upsert?: { readonly table: string; readonly columns: readonly string[] | undefined };
}

/** Where the `ON CONFLICT … DO UPDATE` of an `INSERT OR REPLACE` goes (see `completeUpsert`). */
export const UPSERT_MARKER = '\u0000upsert\u0000';

type TokenType = 'space' | 'comment' | 'string' | 'quoted' | 'word' | 'number' | 'param' | 'punct';

interface Token {
  type: TokenType;
  text: string;
  /** For `param`: the 0-based position or the name. */
  key?: number | string;
  context?: ParameterContext;
}

const cache = new Map<string, TranslatedStatement>();
const CACHE_LIMIT = 2000;

/**
 * Translates one statement (or a script) from SQLite's dialect to PostgreSQL's, cached per source text:
 * `?`, `?NNN`, `@name`, `:name` and `$name` parameters become `$n`; string literals, quoted identifiers and comments
 * are left as they are; `LIKE` becomes `ILIKE` (SQLite's LIKE ignores ASCII case); `INSERT OR IGNORE` becomes
 * `INSERT … ON CONFLICT DO NOTHING` and `INSERT OR REPLACE` an upsert on the primary key (`completeUpsert`); a
 * subquery in FROM without a name gets one; `x IS ?` / `x IS NOT ?` become `IS [NOT] DISTINCT FROM`; `ifnull` becomes
 * `coalesce`, `group_concat` `string_agg`, `total(x)` `coalesce(sum(x), 0.0)`; `sum(<comparison>)` sums the
 * comparison as an integer; `CAST(x AS INTEGER|REAL|BLOB)` keeps SQLite's 64-bit types; index hints (`INDEXED BY`,
 * `NOT INDEXED`) are dropped. SQLite's functions that
 * PostgreSQL lacks (`json_extract`, scalar `max(a, b)`, …) come from `POSTGRES_PRELUDE`.
 *
 * @example
 * translateStatement('SELECT * FROM t WHERE a = ? AND b LIKE @b').sql.join('·')
 * // 'SELECT * FROM t WHERE a = ·  AND b ILIKE ·'
 */
export function translateStatement(source: string): TranslatedStatement {
  let translated = cache.get(source);
  if (translated === undefined) {
    translated = translate(source);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(source, translated);
  }
  return translated;
}

/** The statement with plain `$1…$n` and no casts, for reading and tests. */
export function translatedText(statement: TranslatedStatement): string {
  let text = statement.sql[0]!;
  for (let i = 0; i < statement.slots.length; i++) text += `$${i + 1}${statement.sql[i + 1]}`;
  return text;
}

function translate(source: string): TranslatedStatement {
  const tokens = tokenize(source);
  let positionalCount = 0;
  const names = new Set<string>();
  for (const token of tokens) {
    if (token.type !== 'param') continue;
    if (typeof token.key === 'number') {
      // a bare ? takes the number after the largest given so far
      if (token.key < 0) token.key = positionalCount;
      positionalCount = Math.max(positionalCount, token.key + 1);
    } else {
      names.add(token.key!);
    }
  }
  const upsert = rewrite(tokens);
  const sql: string[] = [];
  const slots: ParameterSlot[] = [];
  let text = '';
  for (const token of tokens) {
    if (token.type === 'param') {
      sql.push(text);
      text = '';
      slots.push({ key: token.key!, context: token.context ?? 'plain' });
    } else {
      text += token.text;
    }
  }
  sql.push(text);
  return { sql, slots, positionalCount, names: [...names], ...(upsert === undefined ? {} : { upsert }) };
}

/**
 * An `INSERT OR REPLACE` statement made whole for a table whose primary key is `key` and whose columns are
 * `tableColumns`: `ON CONFLICT (key) DO UPDATE SET` every other inserted column to the new row's value (`DO NOTHING`
 * when the key is all there is). SQLite's REPLACE also replaces rows that conflict on other unique constraints;
 * PostgreSQL's clause names one, the primary key.
 */
export function completeUpsert(statement: TranslatedStatement, key: readonly string[], tableColumns: readonly string[]): TranslatedStatement {
  const columns = statement.upsert?.columns ?? tableColumns;
  const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
  const others = columns.filter((c) => !key.includes(c));
  const clause =
    key.length === 0
      ? ''
      : ` ON CONFLICT (${key.map(quote).join(', ')}) DO ${others.length === 0 ? 'NOTHING' : `UPDATE SET ${others.map((c) => `${quote(c)} = excluded.${quote(c)}`).join(', ')}`} `;
  const { upsert: _, ...rest } = statement;
  return { ...rest, sql: statement.sql.map((part) => part.replace(UPSERT_MARKER, clause)) };
}

const INT4_FUNCTIONS = new Set(['substr', 'substring', 'left', 'right', 'lpad', 'rpad', 'repeat', 'chr', 'round', 'trunc']);
const COMPARISON = new Set(['=', '==', '<>', '!=', '<', '>', '<=', '>=']);
const COMPARISON_WORDS = new Set(['is', 'in', 'like', 'ilike', 'between', 'glob', 'not', 'exists']);
const TYPE_NAMES: Record<string, string> = { integer: 'BIGINT', int: 'BIGINT', real: 'DOUBLE PRECISION', blob: 'BYTEA' };

const NOT_AN_ALIAS = new Set([
  'where', 'group', 'order', 'limit', 'offset', 'join', 'inner', 'left', 'right', 'full', 'cross', 'natural', 'on', 'using',
  'union', 'intersect', 'except', 'window', 'having', 'returning', 'set',
]);

// rewrites `tokens` in place; answers the table and columns of an INSERT OR REPLACE
function rewrite(tokens: Token[]): TranslatedStatement['upsert'] {
  const next = (i: number): number => {
    let j = i + 1;
    while (j < tokens.length && (tokens[j]!.type === 'space' || tokens[j]!.type === 'comment')) j++;
    return j;
  };
  const previous = (i: number): number => {
    let j = i - 1;
    while (j >= 0 && (tokens[j]!.type === 'space' || tokens[j]!.type === 'comment')) j--;
    return j;
  };
  const word = (i: number): string | undefined => (tokens[i]?.type === 'word' ? tokens[i]!.text.toLowerCase() : undefined);
  // the index of the `)` closing the `(` at `open`, and the indexes of its top-level commas
  const group = (open: number): { close: number; commas: number[] } => {
    let depth = 0;
    const commas: number[] = [];
    for (let j = open; j < tokens.length; j++) {
      const t = tokens[j]!;
      if (t.type !== 'punct') continue;
      if (t.text === '(') depth++;
      else if (t.text === ')') {
        depth--;
        if (depth === 0) return { close: j, commas };
      } else if (t.text === ',' && depth === 1) commas.push(j);
    }
    return { close: tokens.length, commas };
  };
  // `INSERT OR IGNORE` / `OR REPLACE`: the end of each such statement gets its ON CONFLICT (before RETURNING)
  const pendingConflict: [at: number, clause: string][] = [];
  let conflictClause: string | undefined;
  let upsert: TranslatedStatement['upsert'];
  let depth = 0;
  const endStatement = (at: number, returning: boolean) => {
    if (conflictClause === undefined) return;
    const before = returning ? at : previous(at) + 1;
    pendingConflict.push([before, conflictClause]);
    conflictClause = undefined;
  };
  let aliases = 0;

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.type === 'punct') {
      if (token.text === '(') {
        depth++;
        // PostgreSQL 15 wants a name for a subquery in FROM / JOIN; SQLite does not
        const before = word(previous(i));
        if ((before === 'from' || before === 'join') && word(next(i)) === 'select') {
          const { close } = group(i);
          const after = tokens[next(close)];
          const named = after?.type === 'quoted' || (after?.type === 'word' && !NOT_AN_ALIAS.has(after.text.toLowerCase()));
          if (close < tokens.length && !named) tokens[close]!.text = `) AS verbatim_subquery_${++aliases}`;
        }
      } else if (token.text === ')' || token.text.startsWith(') AS verbatim_subquery_')) depth--;
      else if (token.text === ';') endStatement(i, false);
      else if (token.text === '==') token.text = '=';
      continue;
    }
    if (token.type === 'param') {
      const after = next(i);
      if (word(after) === 'is') {
        const n = next(after);
        const m = word(n) === 'not' ? next(n) : n;
        if (word(m) === 'null') token.context = 'isNull';
      } else if (word(after) === 'isnull' || word(after) === 'notnull') {
        token.context = 'isNull';
      }
      const before = previous(i);
      if (tokens[before]?.text === '(' || tokens[before]?.text === ',') {
        // an argument of an int4 function: find the function name before the enclosing `(`
        let d = 0;
        for (let j = before; j >= 0; j--) {
          const t = tokens[j]!;
          if (t.type !== 'punct') continue;
          if (t.text === ')') d++;
          else if (t.text === '(') {
            if (d === 0) {
              const name = word(previous(j));
              // the first argument is the string or number worked on, except for chr
              if (name !== undefined && INT4_FUNCTIONS.has(name) && (tokens[before]!.text === ',' || name === 'chr')) token.context = 'int4';
              break;
            }
            d--;
          }
        }
      }
      continue;
    }
    if (token.type !== 'word') continue;
    const lower = token.text.toLowerCase();
    switch (lower) {
      case 'like':
        token.text = 'ILIKE';
        break;
      case 'indexed': {
        // SQLite's index hints (`INDEXED BY name`, `NOT INDEXED`): PostgreSQL's planner chooses for itself
        const by = next(i);
        const not = previous(i);
        if (word(by) === 'by' && tokens[next(by)]?.type === 'word') {
          for (let j = i; j <= next(by); j++) tokens[j]!.text = '';
        } else if (word(not) === 'not') {
          for (let j = not; j <= i; j++) tokens[j]!.text = '';
        }
        break;
      }
      case 'insert': {
        const o = next(i);
        const g = next(o);
        if (word(o) === 'or' && word(g) === 'ignore') {
          for (let j = i + 1; j <= g; j++) tokens[j]!.text = '';
          conflictClause = ' ON CONFLICT DO NOTHING ';
        } else if (word(o) === 'or' && word(g) === 'replace') {
          for (let j = i + 1; j <= g; j++) tokens[j]!.text = '';
          conflictClause = UPSERT_MARKER;
          // INSERT INTO table [(columns)]
          const table = next(next(g));
          const open = next(table);
          let columns: string[] | undefined;
          if (tokens[open]?.text === '(' && word(next(open)) !== 'select') {
            const { close } = group(open);
            columns = tokens
              .slice(open + 1, close)
              .filter((t) => t.type === 'word' || t.type === 'quoted')
              .map((t) => (t.type === 'quoted' ? t.text.slice(1, -1).replaceAll('""', '"') : t.text.toLowerCase()));
          }
          const name = tokens[table];
          if (name !== undefined) upsert = { table: name.type === 'quoted' ? name.text.slice(1, -1) : name.text.toLowerCase(), columns };
        }
        break;
      }
      case 'returning':
        if (depth === 0) endStatement(i, true);
        break;
      case 'is': {
        const n = next(i);
        const not = word(n) === 'not';
        const target = not ? next(n) : n;
        if (tokens[target]?.type === 'param') {
          token.text = not ? 'IS DISTINCT FROM ' : 'IS NOT DISTINCT FROM ';
          for (let j = i + 1; j < target; j++) tokens[j]!.text = '';
        }
        break;
      }
      case 'ifnull':
        if (tokens[next(i)]?.text === '(') token.text = 'coalesce';
        break;
      case 'group_concat': {
        const open = next(i);
        if (tokens[open]?.text !== '(') break;
        const { close, commas } = group(open);
        token.text = 'string_agg';
        // string_agg takes text and always a separator: SQLite's default is ','
        tokens[open]!.text = '(CAST(';
        if (commas.length === 0) tokens[close]!.text = " AS TEXT), ',')";
        else tokens[commas[0]!]!.text = ' AS TEXT),';
        break;
      }
      case 'sum':
      case 'total': {
        const open = next(i);
        if (tokens[open]?.text !== '(') break;
        const { close } = group(open);
        let comparison = false;
        let d = 0;
        for (let j = open + 1; j < close; j++) {
          const t = tokens[j]!;
          if (t.text === '(') d++;
          else if (t.text === ')') d--;
          else if (d === 0 && ((t.type === 'punct' && COMPARISON.has(t.text)) || (t.type === 'word' && COMPARISON_WORDS.has(t.text.toLowerCase())))) {
            comparison = true;
          }
        }
        if (comparison) {
          tokens[open]!.text = '(CAST((';
          tokens[close]!.text = ') AS INTEGER))';
        }
        if (lower === 'total' && close < tokens.length) {
          // total() is sum() as a float that is 0.0 over no rows
          token.text = 'coalesce(sum';
          tokens[close]!.text += '::double precision, 0.0)';
        }
        break;
      }
      case 'cast': {
        const open = next(i);
        if (tokens[open]?.text !== '(') break;
        const { close } = group(open);
        const typeAt = previous(close);
        const as = previous(typeAt);
        const type = word(typeAt);
        if (word(as) === 'as' && type !== undefined && TYPE_NAMES[type] !== undefined) tokens[typeAt]!.text = TYPE_NAMES[type]!;
        break;
      }
    }
  }
  if (conflictClause !== undefined) pendingConflict.push([previous(tokens.length) + 1, conflictClause]);
  for (const [at, clause] of pendingConflict.reverse()) tokens.splice(at, 0, { type: 'space', text: clause });
  return upsert;
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = source.length;
  const push = (type: TokenType, end: number, extra?: Partial<Token>) => {
    tokens.push({ type, text: source.slice(i, end), ...extra });
    i = end;
  };
  while (i < n) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      let j = i + 1;
      while (j < n && /\s/.test(source[j]!)) j++;
      push('space', j);
    } else if (c === '-' && source[i + 1] === '-') {
      const j = source.indexOf('\n', i);
      push('comment', j === -1 ? n : j);
    } else if (c === '/' && source[i + 1] === '*') {
      const j = source.indexOf('*/', i + 2);
      push('comment', j === -1 ? n : j + 2);
    } else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      for (;;) {
        const k = source.indexOf(c, j);
        if (k === -1) {
          j = n;
          break;
        }
        if (source[k + 1] === c) {
          j = k + 2;
          continue;
        }
        j = k + 1;
        break;
      }
      if (c === '`') {
        tokens.push({ type: 'quoted', text: `"${source.slice(i + 1, j - 1).replaceAll('``', '`').replaceAll('"', '""')}"` });
        i = j;
      } else {
        push(c === "'" ? 'string' : 'quoted', j);
      }
    } else if (c === '$' && /^\$(?:[A-Za-z_][A-Za-z_0-9]*)?\$/.test(source.slice(i, i + 64))) {
      // a PostgreSQL dollar-quoted string (a function body in a script): left as it is
      const tag = /^\$(?:[A-Za-z_][A-Za-z_0-9]*)?\$/.exec(source.slice(i, i + 64))![0];
      const end = source.indexOf(tag, i + tag.length);
      push('string', end === -1 ? n : end + tag.length);
    } else if (c === '[') {
      const j = source.indexOf(']', i);
      const end = j === -1 ? n : j + 1;
      tokens.push({ type: 'quoted', text: `"${source.slice(i + 1, end - 1).replaceAll('"', '""')}"` });
      i = end;
    } else if (c === '?') {
      let j = i + 1;
      while (j < n && /[0-9]/.test(source[j]!)) j++;
      push('param', j, { key: j > i + 1 ? Number(source.slice(i + 1, j)) - 1 : -1 });
    } else if ((c === '@' || c === ':' || c === '$') && /[A-Za-z_0-9]/.test(source[i + 1] ?? '') && !(c === ':' && source[i - 1] === ':')) {
      let j = i + 1;
      while (j < n && /[A-Za-z_0-9$]/.test(source[j]!)) j++;
      push('param', j, { key: source.slice(i + 1, j) });
    } else if (/[A-Za-z_\u0080-\uffff]/.test(c)) {
      let j = i + 1;
      while (j < n && /[A-Za-z_0-9$\u0080-\uffff]/.test(source[j]!)) j++;
      push('word', j);
    } else if (/[0-9.]/.test(c)) {
      let j = i + 1;
      while (j < n && /[0-9.eE]/.test(source[j]!)) j++;
      push('number', j);
    } else {
      const two = source.slice(i, i + 2);
      push('punct', i + (['==', '<>', '!=', '<=', '>=', '||', '::'].includes(two) ? 2 : 1));
    }
  }
  return tokens;
}
