import { AudioDecodeError } from './AudioDecodeError.ts';
import type { AudioFormat } from './audioFormats.ts';
import { type PcmEncoding, pcmBytesPerSample, pcmToFloat } from './pcmToFloat.ts';
import { type DecodedAudio, noAudio, type StreamDecoder, type StreamInfo } from './StreamDecoder.ts';

/** The `fmt ` chunk of a WAV file, as far as decoding needs it. */
export interface WavFormat {
  readonly encoding: PcmEncoding;
  readonly channels: number;
  readonly sampleRate: number;
  /** Bits per sample as the header states them (a 20-bit file stores each sample in 3 bytes). */
  readonly bitsPerSample: number;
  /** Bytes per frame (one sample of every channel). */
  readonly blockAlign: number;
}

/** Options for {@link WavDecoder}. */
export interface WavDecoderOptions {
  /** Size of the whole file, when known: a data chunk that claims more than the file holds fails at once. */
  readonly totalBytes?: number;
}

const MAX_HEADER_CHUNK = 1 << 16;
const MAX_CHANNELS = 256;
const MIN_RATE = 1000;
const MAX_RATE = 1_536_000;
// WAVE_FORMAT_EXTENSIBLE sub-format GUIDs end with these 14 bytes (KSDATAFORMAT_SUBTYPE_*)
const GUID_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];
const CODEC_NAMES: Readonly<Record<number, string>> = {
  0x0002: 'Microsoft ADPCM',
  0x0011: 'IMA ADPCM',
  0x0031: 'GSM 6.10',
  0x0050: 'MPEG audio',
  0x0055: 'MP3',
  0x0161: 'Windows Media Audio',
  0x1610: 'AAC',
};

type State = 'riff' | 'chunk' | 'body' | 'skip' | 'data' | 'done';

/**
 * Incremental WAV (RIFF/RF64/BW64) reader: give it the file chunk by chunk; it parses the header chunks first,
 * then converts the `data` chunk to float in whatever blocks arrive. Handles 8/16/24/32-bit PCM, 32/64-bit float,
 * A-law/µ-law, WAVE_FORMAT_EXTENSIBLE, odd-sized chunks (padded or not), LIST/fact/JUNK chunks anywhere, and a
 * data size of 0 or 0xFFFFFFFF meaning "up to the end of the file" (what streaming recorders write).
 * A data chunk longer than the file is `truncated`, never silently shortened.
 */
export class WavDecoder implements StreamDecoder {
  #format: AudioFormat = 'wav';
  #state: State = 'riff';
  #pending: Uint8Array = new Uint8Array(0);
  #chunkId = '';
  #chunkSize = 0;
  #skipLeft = 0;
  #padByte: number | undefined;
  #fmt: WavFormat | undefined;
  #rf64DataSize: number | undefined;
  #dataSize: number | undefined;
  #dataLeft = 0;
  #dataReceived = 0;
  #bytesSeen = 0;
  #dataOffset = 0;
  readonly #totalBytes: number | undefined;

  constructor(options: WavDecoderOptions = {}) {
    this.#totalBytes = options.totalBytes;
  }

  /** `'wav'`, or `'rf64'` once the header says RF64/BW64. */
  get format(): AudioFormat {
    return this.#format;
  }

  /** The parsed `fmt ` chunk, once seen. */
  get wavFormat(): WavFormat | undefined {
    return this.#fmt;
  }

  get info(): StreamInfo {
    const fmt = this.#fmt;
    let durationSeconds: number | undefined;
    if (fmt !== undefined && this.#state !== 'riff') {
      const bytes = this.#dataSize ?? (this.#totalBytes === undefined ? undefined : this.#totalBytes - this.#dataOffset);
      if (bytes !== undefined && this.#dataOffset > 0) durationSeconds = Math.floor(bytes / fmt.blockAlign) / fmt.sampleRate;
    }
    return { sampleRate: fmt?.sampleRate, channels: fmt?.channels, durationSeconds };
  }

  async decode(chunk: Uint8Array): Promise<DecodedAudio> {
    return this.push(chunk);
  }

  /** Synchronous form of {@link decode}. */
  push(chunk: Uint8Array): DecodedAudio {
    this.#bytesSeen += chunk.length;
    // bytes held back in the data state are a partial frame already counted as received
    const carried = this.#state === 'data' ? this.#pending.length : 0;
    let input = this.#pending.length === 0 ? chunk : concat(this.#pending, chunk);
    this.#pending = new Uint8Array(0);
    while (this.#state !== 'data' && this.#state !== 'done') {
      const consumed = this.#parseHeader(input);
      if (consumed < 0) {
        // copies: `input` may be the caller's buffer (and Buffer#slice would not copy)
        this.#pending = new Uint8Array(input);
        return noAudio;
      }
      input = input.subarray(consumed);
    }
    return this.#state === 'data' ? this.#readData(input, carried) : noAudio;
  }

  async flush(): Promise<DecodedAudio> {
    return this.end();
  }

  /** Synchronous form of {@link flush}. */
  end(): DecodedAudio {
    if (this.#bytesSeen === 0) throw new AudioDecodeError('empty', 'The file is empty (0 bytes).', { format: this.format });
    if (this.#state === 'data' && Number.isFinite(this.#dataLeft) && this.#dataLeft > 0) {
      throw truncated(this.#dataSize!, this.#dataReceived, this.format);
    }
    if (this.#state !== 'data' && this.#state !== 'done') {
      throw new AudioDecodeError(
        'truncated',
        `The WAV file ends after ${fmtBytes(this.#bytesSeen)} bytes, before its audio data begins.`,
        { format: this.format },
      );
    }
    this.#state = 'done';
    this.#pending = new Uint8Array(0);
    return noAudio;
  }

  free(): void {
    this.#pending = new Uint8Array(0);
    this.#state = 'done';
  }

  // Parses one header step from `input`; returns the bytes consumed, or -1 when more input is needed.
  #parseHeader(input: Uint8Array): number {
    switch (this.#state) {
      case 'riff': {
        if (input.length < 12) return -1;
        const id = ascii(input, 0, 4);
        if ((id !== 'RIFF' && id !== 'RF64' && id !== 'BW64') || ascii(input, 8, 4) !== 'WAVE') {
          throw this.#corrupt('it does not start with a RIFF/WAVE header');
        }
        if (id !== 'RIFF') this.#format = 'rf64';
        this.#state = 'chunk';
        return 12;
      }
      case 'chunk': {
        if (input.length < 8) return -1;
        let id = ascii(input, 0, 4);
        if (!isChunkId(id) && this.#padByte !== undefined) {
          // the previous odd-sized chunk was not padded (a common writer bug): the "pad" byte starts this header
          const shifted = concat(Uint8Array.of(this.#padByte), input);
          this.#padByte = undefined;
          const consumed = this.#parseHeader(shifted);
          return consumed < 0 ? -1 : consumed - 1;
        }
        this.#padByte = undefined;
        if (!isChunkId(id)) throw this.#corrupt(`a chunk header at byte ${fmtBytes(this.#position(input))} is not valid`);
        const size = readU32(input, 4);
        this.#chunkId = id;
        this.#chunkSize = size;
        if (id === 'data') {
          this.#startData(size, this.#position(input) + 8);
        } else if (id === 'fmt ' || id === 'ds64') {
          if (size > MAX_HEADER_CHUNK) throw this.#corrupt(`its "${id.trim()}" chunk claims ${fmtBytes(size)} bytes`);
          this.#state = 'body';
        } else {
          this.#skipLeft = size + (size & 1);
          this.#state = 'skip';
        }
        return 8;
      }
      case 'body': {
        const size = this.#chunkSize;
        if (input.length < size) return -1;
        const body = input.subarray(0, size);
        if (this.#chunkId === 'fmt ') this.#fmt = this.#parseFmt(body);
        else this.#parseDs64(body);
        if (size & 1) {
          this.#skipLeft = 1;
          this.#state = 'skip';
        } else {
          this.#state = 'chunk';
        }
        return size;
      }
      case 'skip': {
        if (input.length === 0) return -1;
        const n = Math.min(this.#skipLeft, input.length);
        this.#skipLeft -= n;
        if (this.#skipLeft === 0) {
          this.#padByte = (this.#chunkSize & 1) === 1 && n > 0 ? input[n - 1] : undefined;
          this.#state = 'chunk';
        }
        return n;
      }
      default:
        return 0;
    }
  }

  #startData(size32: number, offset: number): void {
    if (this.#fmt === undefined) throw this.#corrupt('its audio data comes before the "fmt" chunk that describes it');
    let size: number | undefined;
    if (this.#format === 'rf64' && size32 === 0xffffffff) {
      if (this.#rf64DataSize === undefined) throw this.#corrupt('the RF64 file has no "ds64" chunk with its data size');
      size = this.#rf64DataSize;
    } else {
      size = size32 === 0 || size32 === 0xffffffff ? undefined : size32;
    }
    const total = this.#totalBytes;
    if (size !== undefined && total !== undefined && offset + size > total) {
      throw truncated(size, Math.max(0, total - offset), this.format);
    }
    this.#dataOffset = offset;
    this.#dataSize = size;
    this.#dataLeft = size ?? Number.POSITIVE_INFINITY;
    this.#state = 'data';
  }

  // `input` starts with `carried` bytes of a partial frame held back from the previous chunk
  #readData(input: Uint8Array, carried: number): DecodedAudio {
    const fmt = this.#fmt!;
    const fresh = Math.min(input.length - carried, this.#dataLeft);
    this.#dataReceived += fresh;
    this.#dataLeft -= fresh;
    const take = carried + fresh;
    const whole = take - (take % fmt.blockAlign);
    if (this.#dataLeft === 0) this.#state = 'done';
    else if (take > whole) this.#pending = new Uint8Array(input.subarray(whole, take));
    // a partial frame left at the end of a finished data chunk is dropped (its size was not a whole frame)
    if (whole === 0) return { channelData: [], samplesDecoded: 0, sampleRate: fmt.sampleRate };
    const channelData = pcmToFloat(input.subarray(0, whole), fmt.encoding, fmt.channels);
    return { channelData, samplesDecoded: whole / fmt.blockAlign, sampleRate: fmt.sampleRate };
  }

  #parseFmt(body: Uint8Array): WavFormat {
    if (body.length < 16) throw this.#corrupt(`its "fmt" chunk is only ${body.length} bytes long`);
    let tag = readU16(body, 0);
    const channels = readU16(body, 2);
    const sampleRate = readU32(body, 4);
    const blockAlign = readU16(body, 12);
    const bitsPerSample = readU16(body, 14);
    if (tag === 0xfffe) {
      if (body.length < 40) throw this.#corrupt('its WAVE_FORMAT_EXTENSIBLE header is incomplete');
      if (!GUID_TAIL.every((b, i) => body[26 + i] === b)) {
        throw new AudioDecodeError('unsupported-format', 'The WAV file uses a sample encoding this decoder does not know (an unrecognised sub-format GUID).', { format: this.format });
      }
      tag = readU16(body, 24);
    }
    if (channels === 0 || channels > MAX_CHANNELS) throw this.#corrupt(`the header says it has ${channels} channels`);
    if (sampleRate < MIN_RATE || sampleRate > MAX_RATE) {
      throw this.#corrupt(`the header says its sample rate is ${fmtBytes(sampleRate)} Hz`);
    }
    const encoding = this.#encoding(tag, bitsPerSample, channels > 0 ? blockAlign / channels : 0);
    const expected = channels * pcmBytesPerSample[encoding];
    if (blockAlign !== expected) {
      throw this.#corrupt(
        `the header is inconsistent: ${channels} channel(s) of ${bitsPerSample}-bit samples take ${expected} bytes per frame, but it says ${blockAlign}`,
      );
    }
    return { encoding, channels, sampleRate, bitsPerSample, blockAlign };
  }

  #encoding(tag: number, bits: number, containerBytes: number): PcmEncoding {
    if (tag === 1) {
      // the container decides the layout; fewer valid bits (12 in 16, 20 in 24) are left-justified in it
      const container = Number.isInteger(containerBytes) && containerBytes * 8 >= bits ? containerBytes : Math.ceil(bits / 8);
      if (bits >= 1 && bits <= 32 && container >= 1 && container <= 4) {
        return (['u8', 's16', 's24', 's32'] as const)[container - 1]!;
      }
      throw this.#corrupt(`the header says each sample has ${bits} bits`);
    }
    if (tag === 3) {
      if (bits === 32) return 'f32';
      if (bits === 64) return 'f64';
      throw this.#corrupt(`the header says its floating-point samples have ${bits} bits`);
    }
    if (tag === 6 && bits === 8) return 'alaw';
    if (tag === 7 && bits === 8) return 'mulaw';
    const name = CODEC_NAMES[tag] ?? `codec 0x${tag.toString(16).padStart(4, '0')}`;
    throw new AudioDecodeError(
      'unsupported-format',
      `The WAV file holds ${name} compressed audio, which this decoder does not read. Convert it to PCM (for example \`ffmpeg -i in.wav -c:a pcm_s16le out.wav\`).`,
      { format: this.format },
    );
  }

  #parseDs64(body: Uint8Array): void {
    if (body.length < 28) throw this.#corrupt(`its "ds64" chunk is only ${body.length} bytes long`);
    this.#rf64DataSize = readU32(body, 8) + readU32(body, 12) * 2 ** 32;
  }

  // byte offset in the file of input[0]
  #position(input: Uint8Array): number {
    return this.#bytesSeen - input.length;
  }

  #corrupt(why: string): AudioDecodeError {
    return new AudioDecodeError('corrupt', `The WAV file is damaged: ${why}.`, { format: this.format });
  }
}

function truncated(declared: number, received: number, format: AudioFormat = 'wav'): AudioDecodeError {
  return new AudioDecodeError(
    'truncated',
    `The file is incomplete: the WAV header says ${fmtBytes(declared)} bytes of audio but the file ends after ${fmtBytes(received)}.`,
    { format },
  );
}

function fmtBytes(n: number): string {
  return n.toLocaleString('en-US');
}

function isChunkId(id: string): boolean {
  return /^[\x20-\x7e]{4}$/.test(id);
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}

function readU16(bytes: Uint8Array, offset: number): number {
  return bytes[offset]! | (bytes[offset + 1]! << 8);
}

function readU32(bytes: Uint8Array, offset: number): number {
  return (bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16)) + bytes[offset + 3]! * 0x1000000;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
