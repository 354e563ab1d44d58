/**
 * The punctuation model's suffix feature: FNV-1a (32 bit) of the UTF-8 of a word's last `chars` characters (code
 * points), into buckets `1..buckets-1` (0 is padding). The recipe computes the same (`punct/data.py`).
 */
export function suffixBucket(word: string, chars: number, buckets: number): number {
  const tail = Array.from(word).slice(-chars).join('');
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(tail)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return 1 + (h % (buckets - 1));
}
