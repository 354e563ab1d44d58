import { describe, expect, it } from 'vitest';
import type { AudioFormat } from './audioFormats.ts';
import { describeNonAudio } from './describeNonAudio.ts';
import { detectFormat, id3TagLength } from './detectFormat.ts';

function bytes(...parts: (string | number[])[]): Uint8Array {
  const out: number[] = [];
  for (const p of parts) out.push(...(typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p));
  return Uint8Array.from(out);
}

// an Ogg first page whose only packet starts with `packet`
function oggPage(packet: string | number[]): Uint8Array {
  const body = bytes(packet);
  return bytes('OggS', [0, 2], new Array(20).fill(0), [1, body.length], [...body]);
}

// two back-to-back MPEG-1 Layer III frames, 128 kbit/s at 44.1 kHz (417 bytes each)
function mp3Frames(): number[] {
  const frame = [0xff, 0xfb, 0x90, 0x64, ...new Array(413).fill(0)];
  return [...frame, ...frame];
}

describe('detectFormat', () => {
  it.each<[string, Uint8Array, AudioFormat]>([
    ['WAV', bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt '), 'wav'],
    ['RF64', bytes('RF64', [0xff, 0xff, 0xff, 0xff], 'WAVEds64'), 'rf64'],
    ['BW64', bytes('BW64', [0, 0, 0, 0], 'WAVE'), 'rf64'],
    ['AVI', bytes('RIFF', [0, 0, 0, 0], 'AVI LIST'), 'avi'],
    ['FLAC', bytes('fLaC', [0, 0, 0, 34]), 'flac'],
    ['Ogg Vorbis', oggPage([1, ...bytes('vorbis')]), 'ogg-vorbis'],
    ['Ogg Opus', oggPage('OpusHead'), 'ogg-opus'],
    ['Ogg FLAC', oggPage([0x7f, ...bytes('FLAC')]), 'ogg-flac'],
    ['Ogg Speex', oggPage('Speex   '), 'ogg'],
    ['MP3 frames', Uint8Array.from(mp3Frames()), 'mp3'],
    ['MP3 behind ID3', bytes('ID3', [4, 0, 0, 0, 0, 0, 4], [0, 0, 0, 0], mp3Frames()), 'mp3'],
    ['ID3 hiding FLAC', bytes('ID3', [4, 0, 0, 0, 0, 0, 2], [0, 0], 'fLaC', [0, 0, 0, 34]), 'flac'],
    ['M4A', bytes([0, 0, 0, 0x20], 'ftypM4A ', [0, 0, 2, 0]), 'm4a'],
    ['MP4', bytes([0, 0, 0, 0x20], 'ftypisom'), 'mp4'],
    ['MOV', bytes([0, 0, 0, 0x14], 'ftypqt  '), 'mov'],
    ['old MOV', bytes([0, 0, 0, 8], 'wide', [0, 0, 0, 0], 'mdat'), 'mov'],
    ['3GP', bytes([0, 0, 0, 0x14], 'ftyp3gp4'), '3gp'],
    ['WebM', bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 1, 0x42, 0x82, 0x84], 'webm'), 'webm'],
    ['Matroska', bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x82, 0x88], 'matroska'), 'mkv'],
    ['ADTS AAC', bytes([0xff, 0xf1, 0x50, 0x80, 0x01, 0x1f, 0xfc], new Array(1), [0xff, 0xf1]), 'aac'],
    ['AIFF', bytes('FORM', [0, 0, 0, 0], 'AIFFCOMM'), 'aiff'],
    ['CAF', bytes('caff', [0, 1, 0, 0]), 'caf'],
    ['AMR', bytes('#!AMR\n'), 'amr'],
    ['WMA', bytes([0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11, 0xa6, 0xd9]), 'wma'],
    ['AU', bytes('.snd', [0, 0, 0, 24]), 'au'],
    ['FLV', bytes('FLV', [1, 5]), 'flv'],
    ['MPEG-PS', bytes([0, 0, 1, 0xba, 0x44]), 'mpeg-ps'],
    ['PNG', bytes([0x89], 'PNG\r\n', [0x1a, 0x0a]), 'unknown'],
    ['text', bytes('hello, this is not audio\n'), 'unknown'],
    ['nothing', new Uint8Array(0), 'unknown'],
    ['an MPEG-like header not followed by a second frame', bytes([0xff, 0xfb, 0x90, 0x64], new Array(600).fill(1)), 'unknown'],
  ])('recognises %s', (_, head, format) => {
    expect(detectFormat(head)).toBe(format);
  });

  it('measures ID3v2 tags, footer included', () => {
    expect(id3TagLength(bytes('ID3', [4, 0, 0, 0, 0, 1, 0]))).toBe(10 + 128);
    expect(id3TagLength(bytes('ID3', [4, 0, 0x10, 0, 0, 0, 5]))).toBe(10 + 5 + 10);
    expect(id3TagLength(bytes('RIFF', [0, 0, 0, 0, 0, 0]))).toBe(0);
  });
});

describe('describeNonAudio', () => {
  it.each([
    [bytes([0x89], 'PNG\r\n'), 'a PNG image'],
    [bytes([0xff, 0xd8, 0xff, 0xe0]), 'a JPEG image'],
    [bytes('%PDF-1.7'), 'a PDF document'],
    [bytes('PK', [3, 4]), 'a ZIP archive (or an Office document)'],
    [bytes('{"words": []}\n'), 'a text file'],
    [new TextEncoder().encode('Grüße, ça va? 日本語'.repeat(300)), 'a text file'],
    [bytes([0, 1, 2, 3, 250, 251]), undefined],
  ])('names %s', (head, what) => {
    expect(describeNonAudio(head)).toBe(what);
  });
});
