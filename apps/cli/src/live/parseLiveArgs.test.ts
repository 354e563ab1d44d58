import { describe, expect, it } from 'vitest';
import { parseCliArgs, UsageError } from '../parseCliArgs.ts';

const PROJECT = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe('verbatim live arguments', () => {
  it('reads the project, input and options', () => {
    expect(parseCliArgs(['live', PROJECT.toUpperCase(), '--input', 'talk.wav', '--server', 'http://localhost:8080', '--token', 't', '--title', ' Keynote ', '--print'], 2)).toEqual({
      kind: 'live',
      options: { projectId: PROJECT, input: 'talk.wav', server: 'http://localhost:8080', token: 't', title: 'Keynote', print: true, viewerLink: false, keepOpen: false, retranscribe: false, quiet: false },
    });
    expect(parseCliArgs(['live', PROJECT, '-i', '-', '--keep-open', '--model', 'en@2', '--viewer-link'], 2)).toMatchObject({ kind: 'live', options: { input: '-', keepOpen: true, model: 'en@2', viewerLink: true } });
    expect(parseCliArgs(['live', PROJECT, '-i', 'a.wav', '--lm', 'base'], 2)).toMatchObject({ kind: 'live', options: { lm: 'base' } });
    expect(parseCliArgs(['live', '--help'], 2)).toEqual({ kind: 'help' });
  });

  it.each([
    [['live'], /needs a project id/],
    [['live', 'proj-1', '--input', 'a.wav'], /is not a project id/],
    [['live', PROJECT], /needs --input/],
    [['live', PROJECT, '--input', 'a.wav', 'extra'], /unexpected argument "extra"/],
    [['live', PROJECT, '--input', 'a.wav', '--server', 'localhost:8080'], /--server must be an http\(s\) URL/],
    [['live', PROJECT, '--input', 'a.wav', '--title', '  '], /--title must be 1 to 200 characters/],
    [['live', PROJECT, '--input', 'a.wav', '--lm', 'on'], /--lm must be off, base or adapted, got "on"/],
    [['live', PROJECT, '--input', 'a.wav', '--keep-open', '--retranscribe'], /cannot go with --keep-open/],
    [['live', PROJECT, '--input', 'a.wav', '--format', 'srt'], /Unknown option '--format'/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCliArgs(argv, 2)).toThrow(UsageError);
    expect(() => parseCliArgs(argv, 2)).toThrow(message);
  });
});
