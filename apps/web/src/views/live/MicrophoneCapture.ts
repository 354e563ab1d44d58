import { Emitter } from '../../platform/Emitter.ts';
import type { PcmCaptureFrame } from './pcmCapture.worklet.ts';
import workletUrl from './pcmCapture.worklet.ts?worker&url';

/** An audio input the browser offers (labels appear once the page may use the microphone). */
export interface AudioInput {
  deviceId: string;
  label: string;
}

/** The audio inputs, for the device picker. */
export async function listAudioInputs(): Promise<AudioInput[]> {
  const devices = (await navigator.mediaDevices?.enumerateDevices?.()) ?? [];
  return devices
    .filter((d) => d.kind === 'audioinput')
    .map((d, i) => ({ deviceId: d.deviceId, label: d.label || (d.deviceId === 'default' ? 'Default input' : `Input ${i + 1}`) }));
}

/**
 * A microphone (or any input device) captured for a live session: getUserMedia without the voice-call processing
 * (echo cancellation, noise suppression and gain control would change what the recogniser hears), an AudioWorklet
 * that resamples to `sampleRate` and cuts ~100 ms s16le frames, each fired with its level.
 */
export class MicrophoneCapture {
  readonly #context: AudioContext;
  readonly #stream: MediaStream;
  readonly #source: MediaStreamAudioSourceNode;
  readonly #node: AudioWorkletNode;
  readonly #onFrame = new Emitter<PcmCaptureFrame>();
  /** A frame of audio at the session's rate, with its peak and RMS in dBFS. */
  readonly onFrame = this.#onFrame.event;
  readonly #onDidEnd = new Emitter<void>();
  /** The device went away (unplugged, permission withdrawn). */
  readonly onDidEnd = this.#onDidEnd.event;
  #disposed = false;

  private constructor(context: AudioContext, stream: MediaStream, source: MediaStreamAudioSourceNode, node: AudioWorkletNode) {
    this.#context = context;
    this.#stream = stream;
    this.#source = source;
    this.#node = node;
    node.port.onmessage = (event: MessageEvent<PcmCaptureFrame>) => this.#onFrame.fire(event.data);
    for (const track of stream.getAudioTracks()) track.addEventListener('ended', () => this.#onDidEnd.fire());
  }

  /** Asks for the device (the browser may prompt) and starts capturing. */
  static async open(options: { sampleRate: number; deviceId?: string; frameMs?: number }): Promise<MicrophoneCapture> {
    if (!navigator.mediaDevices?.getUserMedia) throw new Error('This browser cannot capture audio here (a secure origin, https or localhost, is needed).');
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: {
        ...(options.deviceId && { deviceId: { exact: options.deviceId } }),
        channelCount: 1,
        echoCancellation: false,
        noiseSuppression: false,
        autoGainControl: false,
      },
    });
    const context = new AudioContext({ latencyHint: 'interactive' });
    try {
      await context.audioWorklet.addModule(workletUrl);
      const source = context.createMediaStreamSource(stream);
      const node = new AudioWorkletNode(context, 'verbatim-pcm-capture', {
        numberOfOutputs: 0,
        processorOptions: { targetRate: options.sampleRate, frameMs: options.frameMs ?? 100 },
      });
      source.connect(node);
      await context.resume();
      return new MicrophoneCapture(context, stream, source, node);
    } catch (error) {
      for (const track of stream.getTracks()) track.stop();
      void context.close();
      throw error;
    }
  }

  /** The device's label, as the browser names it. */
  get label(): string {
    return this.#stream.getAudioTracks()[0]?.label ?? '';
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#node.port.onmessage = null;
    this.#source.disconnect();
    this.#node.disconnect();
    for (const track of this.#stream.getTracks()) track.stop();
    void this.#context.close();
    this.#onFrame.dispose();
    this.#onDidEnd.dispose();
  }
}
