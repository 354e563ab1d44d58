import { ModelBundleError } from './ModelBundleError.ts';

/** Typed, path-aware reads of one JSON object in model.json; every failure names the field and what was wrong. */
export class JsonFields {
  readonly value: Readonly<Record<string, unknown>>;
  /** Dotted path of this object inside model.json ('' for the root). */
  readonly path: string;

  constructor(value: unknown, path: string) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ModelBundleError('invalid-field', `model.json: ${path || 'the top level'} must be a JSON object (got ${describe(value)})`, { field: path || undefined });
    }
    this.value = value as Record<string, unknown>;
    this.path = path;
  }

  has(key: string): boolean {
    return this.value[key] !== undefined && this.value[key] !== null;
  }

  fieldPath(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  string(key: string): string {
    const v = this.#required(key);
    if (typeof v !== 'string' || v === '') this.#invalid(key, 'a non-empty string', v);
    return v as string;
  }

  optionalString(key: string): string | undefined {
    return this.has(key) ? this.string(key) : undefined;
  }

  number(key: string, range: { integer?: boolean; min?: number; above?: number; max?: number } = {}): number {
    const v = this.#required(key);
    const ok = typeof v === 'number' && Number.isFinite(v) &&
      (!range.integer || Number.isInteger(v)) &&
      (range.min === undefined || v >= range.min) &&
      (range.above === undefined || v > range.above) &&
      (range.max === undefined || v <= range.max);
    if (!ok) this.#invalid(key, numberKind(range), v);
    return v as number;
  }

  optionalNumber(key: string, fallback: number, range: { integer?: boolean; min?: number; above?: number; max?: number } = {}): number {
    return this.has(key) ? this.number(key, range) : fallback;
  }

  boolean(key: string): boolean {
    const v = this.#required(key);
    if (typeof v !== 'boolean') this.#invalid(key, 'true or false', v);
    return v as boolean;
  }

  optionalBoolean(key: string, fallback: boolean): boolean {
    return this.has(key) ? this.boolean(key) : fallback;
  }

  /** A string from a closed set; `code` lets callers report an unsupported kind distinctly from a typo'd field. */
  oneOf<T extends string>(key: string, allowed: readonly T[], code: 'invalid-field' | 'unsupported-input-kind' | 'unsupported-output-kind' | 'unsupported-front-end' = 'invalid-field'): T {
    const v = this.#required(key);
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      throw new ModelBundleError(code, `model.json: ${this.fieldPath(key)} must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')} (got ${describe(v)})`, { field: this.fieldPath(key) });
    }
    return v as T;
  }

  object(key: string): JsonFields {
    return new JsonFields(this.#required(key), this.fieldPath(key));
  }

  stringArray(key: string): string[] {
    const v = this.#required(key);
    if (!Array.isArray(v) || v.length === 0 || v.some((s) => typeof s !== 'string' || s === '')) {
      this.#invalid(key, 'a non-empty array of non-empty strings', v);
    }
    return v as string[];
  }

  /** A non-empty array of finite numbers, of `length` when given. */
  numberArray(key: string, length?: number): number[] {
    const v = this.#required(key);
    if (!Array.isArray(v) || v.length === 0 || v.some((x) => typeof x !== 'number' || !Number.isFinite(x)) || (length !== undefined && v.length !== length)) {
      this.#invalid(key, length === undefined ? 'a non-empty array of numbers' : `an array of ${length} numbers`, v);
    }
    return v as number[];
  }

  #required(key: string): unknown {
    if (!this.has(key)) {
      throw new ModelBundleError('missing-field', `model.json: ${this.fieldPath(key)} is missing`, { field: this.fieldPath(key) });
    }
    return this.value[key];
  }

  #invalid(key: string, expected: string, got: unknown): never {
    throw new ModelBundleError('invalid-field', `model.json: ${this.fieldPath(key)} must be ${expected} (got ${describe(got)})`, { field: this.fieldPath(key) });
  }
}

function numberKind(range: { integer?: boolean; min?: number; above?: number; max?: number }): string {
  const parts = [range.integer ? 'an integer' : 'a number'];
  if (range.above !== undefined) parts.push(`> ${range.above}`);
  if (range.min !== undefined) parts.push(`>= ${range.min}`);
  if (range.max !== undefined) parts.push(`<= ${range.max}`);
  return parts.join(' ');
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}
