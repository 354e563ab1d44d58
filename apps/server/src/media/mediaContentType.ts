import type { AudioFormat } from '@verbatim/asr';

const CONTENT_TYPES: Readonly<Record<AudioFormat, string>> = {
  wav: 'audio/wav',
  rf64: 'audio/wav',
  flac: 'audio/flac',
  'ogg-flac': 'audio/ogg',
  mp3: 'audio/mpeg',
  'ogg-vorbis': 'audio/ogg',
  'ogg-opus': 'audio/ogg',
  ogg: 'audio/ogg',
  m4a: 'audio/mp4',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  '3gp': 'video/3gpp',
  webm: 'video/webm',
  mkv: 'video/x-matroska',
  aac: 'audio/aac',
  aiff: 'audio/aiff',
  caf: 'audio/x-caf',
  amr: 'audio/amr',
  wma: 'audio/x-ms-wma',
  avi: 'video/x-msvideo',
  w64: 'audio/x-w64',
  au: 'audio/basic',
  ac3: 'audio/ac3',
  wavpack: 'audio/x-wavpack',
  ape: 'audio/x-ape',
  'mpeg-ts': 'video/mp2t',
  'mpeg-ps': 'video/mpeg',
  flv: 'video/x-flv',
  unknown: 'application/octet-stream',
};

/** The MIME type a stored file of `format` is served with (`application/octet-stream` for anything unknown). */
export function mediaContentType(format: string): string {
  return Object.hasOwn(CONTENT_TYPES, format) ? CONTENT_TYPES[format as AudioFormat] : 'application/octet-stream';
}
