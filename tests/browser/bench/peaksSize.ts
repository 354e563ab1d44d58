// The waveform peaks of the 3-hour recording as the workbench downloads them: bytes of the audiowaveform JSON (the
// API's default) against the binary `.dat` (what the workbench asks for), and the time to turn each into wavesurfer's
// peaks (median of runs, in this Node's V8: JSON.parse + the float conversion the workbench did before, against
// `datToPeaks`). The peaks are the server's own: its PeaksBuilder over the recording's 16 kHz samples, encoded by
// encodeWaveformDat; the JSON is decodeWaveformDat's (the text GET /peaks streams).
//
//   node tests/browser/bench/peaksSize.ts [seconds=10800]
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { decodeWaveformDat, encodeWaveformDat } from '../../../apps/server/src/media/waveformDat.ts';
import { PeaksBuilder } from '../../../apps/server/src/media/WaveformPeaks.ts';
import { datToPeaks } from '../../../apps/web/src/waveform/datToPeaks.ts';
import { longRecording } from '../harness/longRecording.ts';

const seconds = Number(process.argv[2] ?? 3 * 3600);
const RUNS = 15;

/** The 16-bit PCM samples of a WAV file's `data` chunk as floats, in blocks of 5 s (as the server decodes). */
function* wavBlocks(path: string): Generator<Float32Array> {
  const file = readFileSync(path);
  let at = 12;
  while (at + 8 <= file.length) {
    const id = file.toString('ascii', at, at + 4);
    const size = file.readUInt32LE(at + 4);
    if (id === 'data') {
      const pcm = new Int16Array(file.buffer.slice(file.byteOffset + at + 8, file.byteOffset + at + 8 + (Math.min(size, file.length - at - 8) & ~1)));
      const block = new Float32Array(5 * 16000);
      for (let from = 0; from < pcm.length; from += block.length) {
        const n = Math.min(block.length, pcm.length - from);
        for (let i = 0; i < n; i++) block[i] = pcm[from + i]! / 32768;
        yield block.subarray(0, n);
      }
      return;
    }
    at += 8 + size + (size & 1);
  }
  throw new Error(`${path}: no data chunk`);
}

/** What the workbench did with the JSON before: one Float32Array of min, max pairs divided by 128. */
function jsonToPeaks(text: string): Float32Array {
  const json = JSON.parse(text) as { length: number; data: number[] };
  const floats = new Float32Array(json.length * 2);
  for (let i = 0; i < floats.length; i++) floats[i] = Math.max(-1, Math.min(1, json.data[i]! / 128));
  return floats;
}

function median(f: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    f();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[RUNS >> 1]!;
}

const builder = new PeaksBuilder();
for (const block of wavBlocks(longRecording(seconds))) builder.push(block);
const dat = encodeWaveformDat(builder.finish());
const header = decodeWaveformDat(dat);
const jsonText = JSON.stringify(header);
const jsonBytes = new TextEncoder().encode(jsonText);
const datBuffer = dat.buffer.slice(dat.byteOffset, dat.byteOffset + dat.byteLength);
const fromDat = datToPeaks(datBuffer);
const fromJson = jsonToPeaks(jsonText);
if (fromDat.peaks[0]!.length !== fromJson.length || fromDat.peaks[0]!.some((v, i) => v !== fromJson[i])) throw new Error('the two forms give different peaks');

const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB (${n} bytes)`;
console.log(`${seconds} s recording: ${header.length} pixels of ${header.samples_per_pixel} samples at ${header.sample_rate} Hz`);
console.log(`JSON: ${kb(jsonBytes.length)}, gzip ${kb(gzipSync(jsonBytes).length)}; to peaks (JSON.parse + floats) median ${median(() => jsonToPeaks(new TextDecoder().decode(jsonBytes))).toFixed(1)} ms`);
console.log(`dat:  ${kb(dat.byteLength)}, gzip ${kb(gzipSync(dat).length)}; to peaks (datToPeaks) median ${median(() => datToPeaks(datBuffer)).toFixed(1)} ms`);
