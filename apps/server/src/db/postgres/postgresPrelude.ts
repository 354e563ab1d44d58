/**
 * The SQLite functions (and one collation) that Verbatim's statements and migrations use, made for PostgreSQL, so
 * that SQL written in SQLite's dialect runs there unchanged. Idempotent (`CREATE OR REPLACE`, `IF NOT EXISTS`): run
 * it before the migrations, in the migration transaction, after taking the migration lock (two sessions replacing
 * the same function at once can fail with "tuple concurrently updated"). Needs PostgreSQL 13 or later
 * (`anycompatible`) built with ICU (Debian's and the official images are).
 *
 * Each keeps SQLite's meaning for the cases Verbatim uses — NULL in gives NULL out — and is IMMUTABLE where that is
 * true, so it may appear in CHECK constraints and index expressions:
 *
 * - `nocase`: the collation behind `COLLATE NOCASE`: ICU, case-insensitive (`und-u-ks-level2`), nondeterministic, so
 *   that the UNIQUE constraint and `=` on such a column ignore case as SQLite's do. Chosen over `citext` (an extension,
 *   not installed by default) and over an expression index on `lower(col)` (which would leave `WHERE col = ?`
 *   case-sensitive, unlike SQLite). It is stricter than SQLite's NOCASE (which folds ASCII only): 'É' = 'é' here. A
 *   nondeterministic collation refuses `LIKE` on PostgreSQL 15 (nothing uses `LIKE` on such a column).
 * - `ifnull(a, b)`: `COALESCE(a, b)`.
 * - `json_valid(text)` → boolean: true for well-formed JSON (RFC 8259), false otherwise (never an error). A boolean,
 *   not SQLite's 1/0, so that `CHECK (json_valid(x))` is valid; rows read through the bridge show it as 1/0.
 * - `json_type(text[, path])` → 'null', 'true', 'false', 'integer', 'real', 'text', 'array' or 'object'; NULL when
 *   the path names nothing.
 * - `json_extract(text, path)` → text: a string's value, a number's digits, 1/0 for true/false, NULL for JSON null or
 *   a missing path, an object's or array's JSON. (SQLite returns a typed value; compare the result with text.)
 *   Paths are SQLite's `$.key`, `$.key[0]`, `$."odd key"` (read as a strict SQL/JSON path).
 * - `glob(pattern, text)` → boolean: SQLite's GLOB (`*`, `?`, `[…]`, `[^…]`, case-sensitive).
 * - `instr(text, text)` → integer: 1-based position, 0 when absent.
 * - scalar `max(a, b)` / `min(a, b)`: SQLite's two-argument forms (NULL when either is NULL), beside the aggregates.
 * - `sum(boolean)`: SQLite counts `sum(x IS NOT NULL)` as a sum of 1s and 0s; NULL over no rows, as `sum` is.
 *
 * Already PostgreSQL's, with SQLite's meaning for the uses here: `length` (of text: characters; of bytea: bytes),
 * `substr`, `coalesce`, `nullif`, `lower`, `upper`, `trim`, `replace`, `round`, `abs`, `count`, `sum`, `max`, `min`.
 */
export const POSTGRES_PRELUDE = String.raw`
CREATE COLLATION IF NOT EXISTS nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);

CREATE OR REPLACE FUNCTION ifnull(anycompatible, anycompatible) RETURNS anycompatible
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT COALESCE($1, $2)';

CREATE OR REPLACE FUNCTION json_valid(text) RETURNS boolean
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
BEGIN
  PERFORM $1::json;
  RETURN true;
EXCEPTION WHEN invalid_text_representation OR untranslatable_character THEN
  RETURN false;
END
$$;

-- SQLite's name for the JSON value v (jsonb), as json_type gives it
CREATE OR REPLACE FUNCTION verbatim_json_type(v jsonb) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
SELECT CASE jsonb_typeof(v)
  WHEN 'null' THEN 'null'
  WHEN 'boolean' THEN CASE WHEN v = 'true'::jsonb THEN 'true' ELSE 'false' END
  WHEN 'string' THEN 'text'
  WHEN 'number' THEN CASE WHEN (v #>> '{}') ~ '^-?[0-9]+$' THEN 'integer' ELSE 'real' END
  ELSE jsonb_typeof(v)
END
$$;

-- the value at SQLite path p of the JSON text j, or NULL when the path names nothing
CREATE OR REPLACE FUNCTION verbatim_json_at(j text, p text) RETURNS jsonb
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
SELECT jsonb_path_query_first(j::jsonb, ('strict ' || p)::jsonpath, '{}'::jsonb, true)
$$;

CREATE OR REPLACE FUNCTION json_type(text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS 'SELECT verbatim_json_type($1::jsonb)';

CREATE OR REPLACE FUNCTION json_type(text, text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS 'SELECT verbatim_json_type(verbatim_json_at($1, $2))';

CREATE OR REPLACE FUNCTION json_extract(text, text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
SELECT CASE jsonb_typeof(v)
  WHEN 'null' THEN NULL
  WHEN 'boolean' THEN CASE WHEN v = 'true'::jsonb THEN '1' ELSE '0' END
  WHEN 'string' THEN v #>> '{}'
  WHEN 'number' THEN v #>> '{}'
  ELSE v::text
END
FROM (SELECT verbatim_json_at($1, $2) AS v) AS found
$$;

CREATE OR REPLACE FUNCTION glob(pattern text, subject text) RETURNS boolean
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  re text := '^';
  i integer := 1;
  j integer;
  n integer := length(pattern);
  c text;
  body text;
BEGIN
  WHILE i <= n LOOP
    c := substr(pattern, i, 1);
    IF c = '*' THEN
      re := re || '.*';
    ELSIF c = '?' THEN
      re := re || '.';
    ELSIF c = '[' THEN
      -- a set: '^' first negates, a ']' first (after any '^') is a member
      j := i + 1;
      IF substr(pattern, j, 1) = '^' THEN j := j + 1; END IF;
      IF substr(pattern, j, 1) = ']' THEN j := j + 1; END IF;
      WHILE j <= n AND substr(pattern, j, 1) <> ']' LOOP j := j + 1; END LOOP;
      IF j > n THEN RETURN false; END IF; -- an unclosed set matches nothing, as in SQLite
      body := replace(substr(pattern, i + 1, j - i - 1), '\', '\\');
      re := re || '[' || body || ']';
      i := j;
    ELSE
      re := re || regexp_replace(c, '([.^$+(){}|\\\[\]*?])', '\\\1', 'g');
    END IF;
    i := i + 1;
  END LOOP;
  RETURN subject ~ (re || '$');
END
$$;

CREATE OR REPLACE FUNCTION instr(text, text) RETURNS integer
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS 'SELECT strpos($1, $2)';

CREATE OR REPLACE FUNCTION instr(bytea, bytea) RETURNS integer
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS 'SELECT position($2 IN $1)';

CREATE OR REPLACE FUNCTION max(anycompatible, anycompatible) RETURNS anycompatible
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS 'SELECT GREATEST($1, $2)';

CREATE OR REPLACE FUNCTION min(anycompatible, anycompatible) RETURNS anycompatible
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS 'SELECT LEAST($1, $2)';

CREATE OR REPLACE FUNCTION verbatim_sum_boolean(total bigint, x boolean) RETURNS bigint
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT CASE WHEN x IS NULL THEN total ELSE COALESCE(total, 0) + x::integer END';

CREATE OR REPLACE AGGREGATE sum(boolean) (SFUNC = verbatim_sum_boolean, STYPE = bigint);
`;
