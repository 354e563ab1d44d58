import { readWaveformDat } from './waveformDat.ts';

// pixels written per pull: a few milliseconds of work, so other requests are served in between
const PIXELS_PER_PIECE = 32 * 1024;

/**
 * The audiowaveform JSON of binary peaks (`encodeWaveformDat`'s layout) as a stream written a piece at a time: the
 * text of 2^19 pixels (3.8 MB) takes some 70 ms to build, which would otherwise hold up the event loop in one go.
 * The text is what `JSON.stringify(decodeWaveformDat(bytes))` gives.
 *
 * @throws {RangeError} when `bytes` are not 8-bit mono audiowaveform data, version 2 (see `readWaveformDat`).
 */
export function streamWaveformJson(bytes: Uint8Array): ReadableStream<Uint8Array> {
  const { header, pairs } = readWaveformDat(bytes);
  const encoder = new TextEncoder();
  let pixel = 0;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`${JSON.stringify(header).slice(0, -1)},"data":[`));
    },
    pull(controller) {
      const end = Math.min(header.length, pixel + PIXELS_PER_PIECE);
      if (end > pixel) controller.enqueue(encoder.encode(`${pixel > 0 ? ',' : ''}${pairs.subarray(pixel * 2, end * 2).join(',')}`));
      pixel = end;
      if (pixel >= header.length) {
        controller.enqueue(encoder.encode(']}'));
        controller.close();
      }
    },
  });
}
