/**
 * Mixes planar channels down to mono by averaging them. With one channel the input array itself is returned
 * (trimmed to `length`), so callers must not mutate the result when they still need the input.
 *
 * @example
 * ```ts
 * downmix([Float32Array.of(1, 0), Float32Array.of(0, 0)]) // Float32Array [0.5, 0]
 * ```
 */
export function downmix(channels: readonly Float32Array[], length = channels[0]?.length ?? 0): Float32Array {
  const first = channels[0];
  if (first === undefined || length === 0) return new Float32Array(0);
  if (channels.length === 1) return first.length === length ? first : first.subarray(0, length);
  const out = new Float32Array(length);
  for (const channel of channels) {
    for (let i = 0; i < length; i++) out[i]! += channel[i]!;
  }
  const scale = 1 / channels.length;
  for (let i = 0; i < length; i++) out[i]! *= scale;
  return out;
}

/** Mixes interleaved frames (`L R L R …` for stereo) down to mono by averaging the channels. */
export function downmixInterleaved(samples: Float32Array, channels: number): Float32Array {
  if (channels === 1) return samples;
  const frames = Math.floor(samples.length / channels);
  const out = new Float32Array(frames);
  const scale = 1 / channels;
  for (let f = 0, p = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < channels; c++, p++) sum += samples[p]!;
    out[f] = sum * scale;
  }
  return out;
}
