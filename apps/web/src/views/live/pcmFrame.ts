/** Float samples in [-1, 1] as 16-bit PCM (clipped), the only encoding a live session takes. */
export function toInt16(samples: Float32Array): Int16Array<ArrayBuffer> {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]!));
    out[i] = s < 0 ? Math.round(s * 0x8000) : Math.round(s * 0x7fff);
  }
  return out;
}

/** The level of a frame: its peak and RMS in dBFS (-Infinity for digital silence). */
export function levelOf(samples: Float32Array): { peakDb: number; rmsDb: number } {
  let peak = 0;
  let energy = 0;
  for (const s of samples) {
    const a = Math.abs(s);
    if (a > peak) peak = a;
    energy += s * s;
  }
  const rms = samples.length ? Math.sqrt(energy / samples.length) : 0;
  return { peakDb: 20 * Math.log10(peak), rmsDb: 20 * Math.log10(rms) };
}
