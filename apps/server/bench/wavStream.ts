// A WAV file of any size generated on the fly, so a 1 GB upload never sits in the benchmark's memory.

const SAMPLE_RATE = 16_000;
const CHUNK_BYTES = 1 << 20;

/** Bytes of a mono 16-bit WAV at 16 kHz holding `dataBytes` of PCM (rounded down to whole samples). */
export function wavSize(dataBytes: number): number {
  return 44 + (dataBytes - (dataBytes % 2));
}

function wavHeader(dataBytes: number): Uint8Array {
  const header = new Uint8Array(44);
  const view = new DataView(header.buffer);
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) header[offset + i] = text.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, SAMPLE_RATE, true);
  view.setUint32(28, SAMPLE_RATE * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  return header;
}

// Four seconds of signal, computed once: 220 Hz fits a whole number of periods in it, so it loops seamlessly.
const PATTERN_BYTES = 4 * SAMPLE_RATE * 2;

function signalPattern(): Uint8Array {
  const pattern = new Uint8Array(PATTERN_BYTES);
  const view = new DataView(pattern.buffer);
  let seed = 12345;
  for (let sample = 0; sample < PATTERN_BYTES / 2; sample++) {
    // a tiny LCG is enough noise to keep the signal from being trivially compressible
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const noise = ((seed >>> 16) & 0xff) - 128;
    view.setInt16(sample * 2, Math.round(600 * Math.sin((2 * Math.PI * 220 * sample) / SAMPLE_RATE)) + noise, true);
  }
  return pattern;
}

/**
 * Yields a valid WAV (header, then low-amplitude 220 Hz sine plus noise) in 1 MiB chunks; each chunk is fresh so
 * the consumer may keep or transfer it. Filling a chunk is a copy, cheap enough not to starve the caller's timers.
 */
export function* wavChunks(dataBytes: number): Generator<Uint8Array> {
  const total = dataBytes - (dataBytes % 2);
  const pattern = signalPattern();
  yield wavHeader(total);
  for (let written = 0; written < total; ) {
    const size = Math.min(CHUNK_BYTES, total - written);
    const chunk = new Uint8Array(size);
    for (let filled = 0; filled < size; ) {
      const from = (written + filled) % PATTERN_BYTES;
      const part = pattern.subarray(from, Math.min(PATTERN_BYTES, from + size - filled));
      chunk.set(part, filled);
      filled += part.length;
    }
    written += size;
    yield chunk;
  }
}
