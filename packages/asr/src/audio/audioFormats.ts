/**
 * A container/codec recognised from a file's first bytes (never from its extension).
 * `'ogg'` is an Ogg stream whose codec is neither Vorbis, Opus nor FLAC (Speex, Theora video …).
 */
export type AudioFormat =
  | 'wav'
  | 'rf64'
  | 'flac'
  | 'ogg-flac'
  | 'mp3'
  | 'ogg-vorbis'
  | 'ogg-opus'
  | 'ogg'
  | 'm4a'
  | 'mp4'
  | 'mov'
  | '3gp'
  | 'webm'
  | 'mkv'
  | 'aac'
  | 'aiff'
  | 'caf'
  | 'amr'
  | 'wma'
  | 'avi'
  | 'w64'
  | 'au'
  | 'ac3'
  | 'wavpack'
  | 'ape'
  | 'mpeg-ts'
  | 'mpeg-ps'
  | 'flv'
  | 'unknown';

/** Which decoder handles a format: the built-in WAV reader, a bundled WASM decoder, or the system ffmpeg. */
export type AudioDecoderKind = 'wav' | 'wasm' | 'ffmpeg' | 'none';

/** How a format is named to users and which decoder reads it. */
export interface AudioFormatInfo {
  readonly label: string;
  readonly decoder: AudioDecoderKind;
}

/** Every {@link AudioFormat} with its user-facing name and decoder. */
export const audioFormats: Readonly<Record<AudioFormat, AudioFormatInfo>> = {
  wav: { label: 'WAV', decoder: 'wav' },
  rf64: { label: 'RF64 (large WAV)', decoder: 'wav' },
  flac: { label: 'FLAC', decoder: 'wasm' },
  'ogg-flac': { label: 'Ogg FLAC', decoder: 'wasm' },
  mp3: { label: 'MP3', decoder: 'wasm' },
  'ogg-vorbis': { label: 'Ogg Vorbis', decoder: 'wasm' },
  'ogg-opus': { label: 'Ogg Opus', decoder: 'wasm' },
  ogg: { label: 'Ogg (not Vorbis, Opus or FLAC)', decoder: 'ffmpeg' },
  m4a: { label: 'M4A/AAC', decoder: 'ffmpeg' },
  mp4: { label: 'MP4', decoder: 'ffmpeg' },
  mov: { label: 'QuickTime (MOV)', decoder: 'ffmpeg' },
  '3gp': { label: '3GP', decoder: 'ffmpeg' },
  webm: { label: 'WebM', decoder: 'ffmpeg' },
  mkv: { label: 'Matroska (MKV/MKA)', decoder: 'ffmpeg' },
  aac: { label: 'AAC (ADTS)', decoder: 'ffmpeg' },
  aiff: { label: 'AIFF', decoder: 'ffmpeg' },
  caf: { label: 'Core Audio (CAF)', decoder: 'ffmpeg' },
  amr: { label: 'AMR', decoder: 'ffmpeg' },
  wma: { label: 'WMA/ASF', decoder: 'ffmpeg' },
  avi: { label: 'AVI', decoder: 'ffmpeg' },
  w64: { label: 'Wave64', decoder: 'ffmpeg' },
  au: { label: 'Sun/NeXT AU', decoder: 'ffmpeg' },
  ac3: { label: 'AC-3', decoder: 'ffmpeg' },
  wavpack: { label: 'WavPack', decoder: 'ffmpeg' },
  ape: { label: "Monkey's Audio (APE)", decoder: 'ffmpeg' },
  'mpeg-ts': { label: 'MPEG transport stream', decoder: 'ffmpeg' },
  'mpeg-ps': { label: 'MPEG program stream', decoder: 'ffmpeg' },
  flv: { label: 'Flash video (FLV)', decoder: 'ffmpeg' },
  unknown: { label: 'unknown', decoder: 'none' },
};
