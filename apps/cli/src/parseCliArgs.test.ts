import { describe, expect, it } from 'vitest';
import { parseCliArgs, UsageError } from './parseCliArgs.ts';

describe('parseCliArgs', () => {
  it('parses a transcribe command with defaults', () => {
    const c = parseCliArgs(['transcribe', 'a.wav', 'b.mp3'], 4);
    expect(c).toMatchObject({ kind: 'transcribe', options: { files: ['a.wav', 'b.mp3'], format: 'txt', workers: 1, threads: 4, decoder: 'greedy', beam: 8 } });
  });

  it('splits threads between workers and picks beam search for a vocabulary', () => {
    const c = parseCliArgs(['transcribe', 'x.wav', '--workers', '2', '--vocab', 'v.json', '--format', 'srt'], 4);
    expect(c).toMatchObject({ options: { workers: 2, threads: 2, decoder: 'beam', vocab: 'v.json', format: 'srt' } });
  });

  it.each([
    [[], 'no command'],
    [['transcribe'], 'no input files'],
    [['translate', 'a.wav'], 'unknown command "translate"'],
    [['transcribe', 'a.wav', '--format', 'pdf'], '--format must be one of'],
    [['transcribe', 'a.wav', '--workers', '0'], '--workers must be a whole number'],
    [['transcribe', 'a.wav', '--workers', 'two'], '--workers must be a whole number'],
    [['transcribe', 'a.wav', '--vocab', 'v.json', '--decoder', 'greedy'], '--vocab needs --decoder beam'],
    [['transcribe', 'a.wav', '--bogus'], "Unknown option '--bogus'"],
  ])('rejects %j with a precise message', (argv, message) => {
    expect(() => parseCliArgs(argv, 2)).toThrow(UsageError);
    expect(() => parseCliArgs(argv, 2)).toThrow(message);
  });

  it('answers help and version', () => {
    expect(parseCliArgs(['--help'], 2)).toEqual({ kind: 'help' });
    expect(parseCliArgs(['-v'], 2)).toEqual({ kind: 'version' });
  });
});
