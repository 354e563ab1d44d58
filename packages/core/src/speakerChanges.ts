/**
 * The speaker to name at each item of a sequence (paragraphs, cues): the item's speaker where it differs from the
 * previous item's, else undefined, so a transcript names the speaker at each change rather than on every line.
 * Names are trimmed with inner whitespace collapsed; an item without a speaker names no one and the next named one is
 * a change.
 *
 * @example
 * speakerChanges(['Ana', 'Ana', 'Ben', 'Ana']) // ['Ana', undefined, 'Ben', 'Ana']
 */
export function speakerChanges(speakers: readonly (string | undefined)[]): (string | undefined)[] {
  let previous: string | undefined;
  return speakers.map((raw) => {
    const name = raw?.replace(/\s+/gu, ' ').trim() || undefined;
    const shown = name !== undefined && name !== previous ? name : undefined;
    previous = name;
    return shown;
  });
}
