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

  it('takes --punctuate/--no-punctuate and --speakers auto|N|off, refusing 0, negatives and contradictions', () => {
    const plain = parseCliArgs(['transcribe', 'x.wav'], 2);
    expect(plain).toMatchObject({ options: { punctuate: undefined, speakers: undefined } });
    expect(parseCliArgs(['transcribe', 'x.wav', '--no-punctuate', '--speakers', 'off'], 2)).toMatchObject({ options: { punctuate: false, speakers: 'off' } });
    expect(parseCliArgs(['transcribe', 'x.wav', '--punctuate', '--speakers', '3'], 2)).toMatchObject({ options: { punctuate: true, speakers: 3 } });
    expect(parseCliArgs(['transcribe', 'x.wav', '--speakers', 'auto'], 2)).toMatchObject({ options: { speakers: 'auto' } });
    for (const bad of ['0', '-2', '2.5', 'two', '17']) {
      expect(() => parseCliArgs(['transcribe', 'x.wav', `--speakers=${bad}`], 2)).toThrow(/--speakers must be auto, off or the expected number/);
    }
    expect(() => parseCliArgs(['transcribe', 'x.wav', '--punctuate', '--no-punctuate'], 2)).toThrow(UsageError);
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

  it('takes --model as a directory or an installed model, and --store', () => {
    expect(parseCliArgs(['transcribe', 'a.wav', '--model', 'verbatim-en-char@1.0.0', '--store', '/tmp/s'], 2)).toMatchObject({
      options: { model: 'verbatim-en-char@1.0.0', store: '/tmp/s' },
    });
    expect(parseCliArgs(['transcribe', 'a.wav', '--model', 'models/x'], 2)).toMatchObject({ options: { model: 'models/x', store: undefined } });
  });

  it('parses model install, list and remove; --version there is the model version', () => {
    const sha = 'AB'.repeat(32);
    expect(parseCliArgs(['model', 'install', 'pkg.tar.bz2', '--id', 'parakeet', '--version', '1.1.0', '--sha256', sha, '--store', 's'], 2)).toEqual({
      kind: 'model-install', source: 'pkg.tar.bz2', id: 'parakeet', version: '1.1.0', sha256: sha, store: 's', quiet: false,
    });
    expect(parseCliArgs(['model', 'install', 'https://example.com/m.tar.gz', '--quiet'], 2)).toEqual({
      kind: 'model-install', source: 'https://example.com/m.tar.gz', id: undefined, version: undefined, sha256: undefined, store: undefined, quiet: true,
    });
    expect(parseCliArgs(['model', 'list'], 2)).toEqual({ kind: 'model-list', store: undefined, json: false });
    expect(parseCliArgs(['model', 'list', '--json', '--store', 's'], 2)).toEqual({ kind: 'model-list', store: 's', json: true });
    expect(parseCliArgs(['model', 'remove', 'parakeet@1.1.0'], 2)).toEqual({ kind: 'model-remove', ref: 'parakeet@1.1.0', store: undefined });
    expect(parseCliArgs(['model', 'remove', 'parakeet', '--store', 's'], 2)).toEqual({ kind: 'model-remove', ref: 'parakeet', store: 's' });
    expect(parseCliArgs(['model', '--help'], 2)).toEqual({ kind: 'help' });
  });

  it.each([
    [['model'], 'model needs a command'],
    [['model', 'upgrade'], 'unknown model command "upgrade"'],
    [['model', 'install'], 'model install needs a source'],
    [['model', 'install', 'a', 'b'], 'unexpected argument "b"'],
    [['model', 'install', 'a', '--sha256', 'abc'], '--sha256 must be 64 hexadecimal digits'],
    [['model', 'install', 'a', '--id', '../x'], '--id must start with a letter or digit'],
    [['model', 'install', 'a', '--version', '1 0'], '--version must start with a letter or digit'],
    [['model', 'install', 'a', '--json'], '--json is not an option of model install'],
    [['model', 'list', 'extra'], 'unexpected argument "extra"'],
    [['model', 'list', '--id', 'x'], '--id is not an option of model list'],
    [['model', 'remove'], 'model remove needs a model'],
    [['model', 'remove', 'a@b@c'], '"a@b@c" is not a model reference'],
    [['model', 'remove', 'x', '--version', '1'], '--version is not an option of model remove'],
    [['model', 'install', 'a', '--bogus'], "Unknown option '--bogus'"],
  ])('rejects model command %j with a precise message', (argv, message) => {
    expect(() => parseCliArgs(argv, 2)).toThrow(UsageError);
    expect(() => parseCliArgs(argv, 2)).toThrow(message);
  });

  it('answers help and version', () => {
    expect(parseCliArgs(['--help'], 2)).toEqual({ kind: 'help' });
    expect(parseCliArgs(['-v'], 2)).toEqual({ kind: 'version' });
  });
});

describe('parseCliArgs export-training', () => {
  const project = '2F0C1F5E-7D43-4C39-9D47-0E0F7D9B1C11';
  it('parses the project, --out, --server, --token and the segment bounds', () => {
    expect(parseCliArgs(['export-training', project, '--out', 'x', '--server', 'http://h:8080', '--token', 't', '--min-seconds', '1.5', '--max-seconds', '15'], 2)).toEqual({
      kind: 'export-training',
      options: { projectId: project.toLowerCase(), out: 'x', server: 'http://h:8080', token: 't', minSeconds: 1.5, maxSeconds: 15, quiet: false },
    });
    expect(parseCliArgs(['export-training', project, '--out', 'x', '--quiet'], 2)).toEqual({ kind: 'export-training', options: { projectId: project.toLowerCase(), out: 'x', quiet: true } });
  });
  it('refuses what cannot work, each with its reason', () => {
    const bad = (args: string[]) => () => parseCliArgs(['export-training', ...args], 2);
    expect(bad(['--out', 'x'])).toThrow(/needs a project id/);
    expect(bad(['nope', '--out', 'x'])).toThrow(/not a project id/);
    expect(bad([project])).toThrow(/needs --out DIR/);
    expect(bad([project, '--out', 'x', '--server', 'ftp://h'])).toThrow(/--server must be an http\(s\) URL/);
    expect(bad([project, '--out', 'x', '--min-seconds', 'abc'])).toThrow(UsageError);
    expect(bad([project, '--out', 'x', '--min-seconds', '5', '--max-seconds', '3'])).toThrow(/shorter than --min-seconds/);
    expect(bad([project, '--out', 'x', '--format', 'zip'])).toThrow(UsageError);
  });
});
