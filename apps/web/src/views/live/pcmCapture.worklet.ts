// The audio thread's half of the microphone capture (loaded with audioWorklet.addModule): mixes to mono, resamples to
// the session's rate and posts ~100 ms s16le frames with their level to the page.
import { levelOf, toInt16 } from './pcmFrame.ts';
import { StreamResampler } from './StreamResampler.ts';

/** What the worklet posts for each frame. */
export interface PcmCaptureFrame {
  pcm: Int16Array<ArrayBuffer>;
  peakDb: number;
  rmsDb: number;
}

// AudioWorkletGlobalScope, which TypeScript's DOM library does not describe
declare const sampleRate: number;
declare function registerProcessor(name: string, processor: new (options: { processorOptions: { targetRate: number; frameMs: number } }) => object): void;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}

class PcmCaptureProcessor extends AudioWorkletProcessor {
  readonly #resampler: StreamResampler;
  readonly #frame: Float32Array;
  #filled = 0;

  constructor(options: { processorOptions: { targetRate: number; frameMs: number } }) {
    super();
    const { targetRate, frameMs } = options.processorOptions;
    this.#resampler = new StreamResampler(sampleRate, targetRate);
    this.#frame = new Float32Array(Math.round((targetRate * frameMs) / 1000));
  }

  process(inputs: Float32Array[][]): boolean {
    const channels = inputs[0];
    if (!channels?.length) return true;
    const mono = new Float32Array(channels[0]!.length);
    for (const channel of channels) for (let i = 0; i < mono.length; i++) mono[i]! += channel[i]! / channels.length;
    const out = this.#resampler.push(mono);
    let at = 0;
    while (at < out.length) {
      const take = Math.min(out.length - at, this.#frame.length - this.#filled);
      this.#frame.set(out.subarray(at, at + take), this.#filled);
      this.#filled += take;
      at += take;
      if (this.#filled === this.#frame.length) {
        const pcm = toInt16(this.#frame);
        const message: PcmCaptureFrame = { pcm, ...levelOf(this.#frame) };
        this.port.postMessage(message, [pcm.buffer]);
        this.#filled = 0;
      }
    }
    return true;
  }
}

registerProcessor('verbatim-pcm-capture', PcmCaptureProcessor);
