import { describe, expect, it } from 'vitest';
import { parseCliArgs, UsageError } from './parseCliArgs.ts';

describe('parseCliArgs', () => {
  it('parses a transcribe command with defaults (decoder, beam and LM left to the model)', () => {
    const c = parseCliArgs(['transcribe', 'a.wav', 'b.mp3'], 4);
    expect(c).toMatchObject({ kind: 'transcribe', options: { files: ['a.wav', 'b.mp3'], format: 'txt', workers: 1, threads: 4, domainText: [] } });
    if (c.kind !== 'transcribe') throw new Error('not transcribe');
    expect(c.options.decoder).toBeUndefined();
    expect(c.options.beam).toBeUndefined();
    expect(c.options.lm).toBeUndefined();
  });

  it('splits threads between workers and takes a vocabulary', () => {
    const c = parseCliArgs(['transcribe', 'x.wav', '--workers', '2', '--vocab', 'v.json', '--format', 'srt'], 4);
    expect(c).toMatchObject({ options: { workers: 2, threads: 2, vocab: 'v.json', format: 'srt' } });
  });

  it('takes --lm and repeated --domain-text; --lm off without a vocabulary means greedy', () => {
    const c = parseCliArgs(['transcribe', 'x.wav', '--lm', 'adapted', '--domain-text', 'a.txt', '--domain-text', 'b.txt', '--beam', '32'], 2);
    expect(c).toMatchObject({ options: { lm: 'adapted', domainText: ['a.txt', 'b.txt'], beam: 32 } });
    expect(parseCliArgs(['transcribe', 'x.wav', '--lm', 'off'], 2)).toMatchObject({ options: { lm: 'off', decoder: 'greedy' } });
    expect(parseCliArgs(['transcribe', 'x.wav', '--lm', 'base', '--decoder', 'beam'], 2)).toMatchObject({ options: { lm: 'base', decoder: 'beam' } });
  });

  it.each([
    [[], 'no command'],
    [['transcribe'], 'no input files'],
    [['translate', 'a.wav'], 'unknown command "translate"'],
    [['plugin', 'remove', 'x'], 'unknown plugin command "remove"'],
    [['plugin', 'new'], 'plugin new needs a name'],
    [['transcribe', 'a.wav', '--format', 'pdf'], '--format must be one of'],
    [['transcribe', 'a.wav', '--workers', '0'], '--workers must be a whole number'],
    [['transcribe', 'a.wav', '--workers', 'two'], '--workers must be a whole number'],
    [['transcribe', 'a.wav', '--vocab', 'v.json', '--decoder', 'greedy'], '--vocab needs --decoder beam'],
    [['transcribe', 'a.wav', '--bogus'], "Unknown option '--bogus'"],
    [['transcribe', 'a.wav', '--lm', 'on'], '--lm must be off, base or adapted'],
    [['transcribe', 'a.wav', '--lm', 'base', '--decoder', 'greedy'], '--lm base needs --decoder beam'],
    [['transcribe', 'a.wav', '--lm', 'base', '--domain-text', 'a.txt'], '--domain-text adapts the language model'],
    [['transcribe', 'a.wav', '--decoder', 'greedy', '--domain-text', 'a.txt'], '--domain-text adapts the language model'],
  ])('rejects %j with a precise message', (argv, message) => {
    expect(() => parseCliArgs(argv, 2)).toThrow(UsageError);
    expect(() => parseCliArgs(argv, 2)).toThrow(message);
  });

  it('parses plugin new with a default and an explicit directory', () => {
    expect(parseCliArgs(['plugin', 'new', 'legal'], 2)).toEqual({ kind: 'plugin-new', name: 'legal', dir: 'legal' });
    expect(parseCliArgs(['plugin', 'new', 'legal', '--dir', 'plugins/legal'], 2)).toEqual({ kind: 'plugin-new', name: 'legal', dir: 'plugins/legal' });
  });

  it('answers help and version', () => {
    expect(parseCliArgs(['--help'], 2)).toEqual({ kind: 'help' });
    expect(parseCliArgs(['-v'], 2)).toEqual({ kind: 'version' });
  });
});
