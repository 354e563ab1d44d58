/** Who wrote a word's text: the recogniser (`asr`), a plugin's post-processor (`plugin:<id>`), or a person (`human`). */
export type WordOrigin = 'asr' | 'human' | `plugin:${string}`;

const PLUGIN_ORIGIN = /^plugin:[a-z][a-z0-9-]{1,40}$/u;

/** True when `value` is a {@link WordOrigin}; a plugin origin must name a valid plugin id. */
export function isWordOrigin(value: unknown): value is WordOrigin {
  return value === 'asr' || value === 'human' || (typeof value === 'string' && PLUGIN_ORIGIN.test(value));
}
