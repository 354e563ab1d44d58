import type { WaveformPeaks } from './WaveformPeaks.ts';

/** Bytes before the min/max pairs in {@link encodeWaveformDat}'s layout. */
export const WAVEFORM_DAT_HEADER_BYTES = 24;

/** The content type the binary peaks are served with. */
export const WAVEFORM_DAT_CONTENT_TYPE = 'application/vnd.audiowaveform.dat';

/**
 * Encodes peaks in the BBC audiowaveform binary layout (`.dat`, version 2; what peaks.js and waveform-data.js
 * read): little-endian int32 version (2), uint32 flags (1: 8-bit), int32 sample rate, int32 samples per pixel,
 * uint32 length (pixels), int32 channels (1), then `length` int8 min/max pairs. Two bytes per pixel, against
 * about eight in JSON.
 */
export function encodeWaveformDat(peaks: WaveformPeaks): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(WAVEFORM_DAT_HEADER_BYTES + peaks.length * 2);
  const view = new DataView(bytes.buffer);
  view.setInt32(0, 2, true);
  view.setUint32(4, 1, true);
  view.setInt32(8, peaks.sample_rate, true);
  view.setInt32(12, peaks.samples_per_pixel, true);
  view.setUint32(16, peaks.length, true);
  view.setInt32(20, 1, true);
  new Int8Array(bytes.buffer, WAVEFORM_DAT_HEADER_BYTES).set(peaks.data);
  return bytes;
}

/** The header fields of binary peaks and a view of their min/max pairs. */
export interface WaveformDat {
  readonly header: Omit<WaveformPeaks, 'data'>;
  readonly pairs: Int8Array;
}

/**
 * Reads what {@link encodeWaveformDat} wrote: the header, checked, and a view of the pairs (no copy).
 *
 * @throws {RangeError} when the bytes are not 8-bit mono audiowaveform data, version 2, of the length they state.
 */
export function readWaveformDat(bytes: Uint8Array): WaveformDat {
  if (bytes.length < WAVEFORM_DAT_HEADER_BYTES) throw new RangeError(`waveform data of ${bytes.length} bytes has no header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(16, true);
  if (view.getInt32(0, true) !== 2 || view.getUint32(4, true) !== 1 || view.getInt32(20, true) !== 1 || bytes.length !== WAVEFORM_DAT_HEADER_BYTES + length * 2) {
    throw new RangeError('not 8-bit mono audiowaveform data, version 2');
  }
  return {
    header: { version: 2, channels: 1, sample_rate: view.getInt32(8, true), samples_per_pixel: view.getInt32(12, true), bits: 8, length },
    pairs: new Int8Array(bytes.buffer, bytes.byteOffset + WAVEFORM_DAT_HEADER_BYTES, length * 2),
  };
}

/**
 * Reads what {@link encodeWaveformDat} wrote back into the audiowaveform JSON shape.
 *
 * @throws {RangeError} as {@link readWaveformDat}.
 */
export function decodeWaveformDat(bytes: Uint8Array): WaveformPeaks {
  const { header, pairs } = readWaveformDat(bytes);
  return { ...header, data: Array.from(pairs) };
}
