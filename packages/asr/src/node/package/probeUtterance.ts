/** Seconds of audio {@link probeUtterance} makes. */
export const PROBE_SECONDS = 0.8;

/**
 * The probe's built-in utterance: 0.8 s of a voiced, vowel-like signal (a 120 Hz pulse train's harmonics shaped by
 * two formants that glide, over a little noise), the same samples on every call, so a probe never depends on a file
 * or on chance.
 */
export function probeUtterance(sampleRate: number): Float32Array {
  const n = Math.round(PROBE_SECONDS * sampleRate);
  const x = new Float32Array(n);
  let seed = 12345;
  for (let i = 0; i < n; i++) {
    const t = i / sampleRate;
    const f1 = 500 + 300 * (t / PROBE_SECONDS);
    const f2 = 1500 - 400 * (t / PROBE_SECONDS);
    let s = 0;
    for (let h = 1; 120 * h < Math.min(4000, sampleRate / 2); h++) {
      const f = 120 * h;
      const gain = 1 / (1 + ((f - f1) / 150) ** 2) + 0.5 / (1 + ((f - f2) / 200) ** 2);
      s += gain * Math.sin(2 * Math.PI * f * t);
    }
    seed = (seed * 1103515245 + 12345) % 2147483648;
    x[i] = 0.08 * s + 0.01 * (seed / 2147483648 - 0.5);
  }
  // a short fade in and out, as speech has
  const ramp = Math.round(0.02 * sampleRate);
  for (let i = 0; i < ramp; i++) {
    x[i]! *= i / ramp;
    x[n - 1 - i]! *= i / ramp;
  }
  return x;
}
