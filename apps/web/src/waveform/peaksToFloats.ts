/** Waveform peaks as the server sends them (BBC audiowaveform JSON, version 2). */
export interface AudiowaveformPeaks {
  version: number;
  channels?: number;
  sample_rate: number;
  samples_per_pixel: number;
  bits: number;
  /** Pixels; `data` holds `2 * length * channels` values. */
  length: number;
  /** min, max of each pixel (for each channel in turn), as signed `bits`-bit integers. */
  data: readonly number[];
}

/** Peaks in the form wavesurfer.js draws from, with the duration they cover. */
export interface WaveformData {
  /** One array per channel of min, max pairs in [-1, 1]. */
  peaks: Float32Array[];
  /** Seconds covered by the peaks. */
  duration: number;
}

/**
 * Converts audiowaveform JSON into wavesurfer's `peaks` (floats in [-1, 1], min/max pairs kept interleaved) and the
 * `duration` they cover, so that wavesurfer neither downloads nor decodes the audio.
 *
 * @example
 * const { peaks, duration } = peaksToFloats(await api.get(`/api/media/${id}/peaks`));
 * WaveSurfer.create({ container, media, peaks, duration });
 */
export function peaksToFloats(json: AudiowaveformPeaks): WaveformData {
  if (!Array.isArray(json.data) || !(json.sample_rate > 0) || !(json.samples_per_pixel > 0)) throw new TypeError('not audiowaveform peaks');
  const channels = Math.max(1, json.channels ?? 1);
  const scale = json.bits === 16 ? 32768 : 128;
  const length = Math.min(json.length, Math.floor(json.data.length / (2 * channels)));
  const peaks = Array.from({ length: channels }, () => new Float32Array(length * 2));
  for (let pixel = 0; pixel < length; pixel++) {
    for (let ch = 0; ch < channels; ch++) {
      const from = (pixel * channels + ch) * 2;
      peaks[ch]![pixel * 2] = clamp(json.data[from]! / scale);
      peaks[ch]![pixel * 2 + 1] = clamp(json.data[from + 1]! / scale);
    }
  }
  return { peaks, duration: (length * json.samples_per_pixel) / json.sample_rate };
}

function clamp(v: number): number {
  return Number.isFinite(v) ? Math.max(-1, Math.min(1, v)) : 0;
}
