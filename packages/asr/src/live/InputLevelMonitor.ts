/** A problem with the input signal itself (not with recognition). */
export interface InputWarning {
  code: 'silent-input' | 'clipped-input';
  message: string;
}

/** Options of {@link InputLevelMonitor}. */
export interface InputLevelMonitorOptions {
  /** Digital silence (every sample within ±1 LSB of 16-bit PCM) this long is reported (default 5000 ms). */
  silentMs?: number;
  /** Share of clipped samples (|x| ≥ 32767/32768) within one second that is reported (default 0.005). */
  clippedShare?: number;
}

const LSB = 1 / 32768;
const CLIP = 32767 / 32768 - 1e-6;

/** Whether every sample is digital silence (within ±1 LSB of 16-bit PCM, as {@link InputLevelMonitor} counts it). */
export function isDigitallySilent(samples: Float32Array): boolean {
  for (let i = 0; i < samples.length; i++) if (Math.abs(samples[i]!) > LSB) return false;
  return true;
}

/**
 * Watches incoming samples for a dead input (long digital silence: a muted or unplugged source) and for clipping
 * (a gain set too high), each reported once per episode: silence again only after sound came back, clipping again
 * only after a second without it.
 */
export class InputLevelMonitor {
  readonly #sampleRate: number;
  readonly #silentSamples: number;
  readonly #clippedShare: number;
  #silentRun = 0;
  #silentReported = false;
  #blockSamples = 0;
  #blockClipped = 0;
  #clipping = false;
  #warnings: InputWarning[] = [];

  constructor(sampleRate: number, options: InputLevelMonitorOptions = {}) {
    this.#sampleRate = sampleRate;
    this.#silentSamples = Math.round(((options.silentMs ?? 5000) / 1000) * sampleRate);
    this.#clippedShare = options.clippedShare ?? 0.005;
  }

  push(samples: Float32Array): void {
    for (let i = 0; i < samples.length; i++) {
      const a = Math.abs(samples[i]!);
      if (a <= LSB) {
        if (++this.#silentRun === this.#silentSamples && !this.#silentReported) {
          this.#silentReported = true;
          const seconds = Math.round(this.#silentSamples / this.#sampleRate);
          this.#warnings.push({ code: 'silent-input', message: `The input has been digitally silent for ${seconds} s: check that the microphone is connected and not muted.` });
        }
      } else {
        this.#silentRun = 0;
        this.#silentReported = false;
      }
      if (a >= CLIP) this.#blockClipped++;
      if (++this.#blockSamples === this.#sampleRate) {
        const clipping = this.#blockClipped / this.#blockSamples >= this.#clippedShare;
        if (clipping && !this.#clipping) {
          const percent = ((100 * this.#blockClipped) / this.#blockSamples).toFixed(1);
          this.#warnings.push({ code: 'clipped-input', message: `The input is clipping (${percent}% of samples at full scale in the last second): lower the input gain.` });
        }
        this.#clipping = clipping;
        this.#blockSamples = 0;
        this.#blockClipped = 0;
      }
    }
  }

  /** The warnings raised since the last call. */
  take(): InputWarning[] {
    const out = this.#warnings;
    this.#warnings = [];
    return out;
  }
}
