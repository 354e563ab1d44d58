import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** One client's presence in a y-protocols awareness update, its state left as the JSON bytes it came as. */
export interface AwarenessEntry {
  readonly clientId: number;
  readonly clock: number;
  /** UTF-8 JSON of the state (`null` when the client leaves). */
  readonly state: Uint8Array;
}

/**
 * The entries of an awareness update (`encodeAwarenessUpdate`) without parsing their JSON, so their size can be
 * judged before anything is parsed. Throws on a malformed update.
 */
export function readAwarenessEntries(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    // a varString is a varUint8Array of UTF-8
    entries.push({ clientId, clock, state: decoding.readVarUint8Array(decoder) });
  }
  return entries;
}

/** An awareness update made of `entries` (what `applyAwarenessUpdate` reads). */
export function writeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarUint8Array(encoder, entry.state);
  }
  return encoding.toUint8Array(encoder);
}
