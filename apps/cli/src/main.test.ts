// The CLI end to end: real audio from espeak-ng, the real bundle, worker threads, files on disk, exit codes.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const main = join(import.meta.dirname, 'main.ts');
const bundle = process.env.VERBATIM_BUNDLE ?? join(import.meta.dirname, '..', '..', '..', 'models', 'verbatim-en-char-v1');
const dir = mkdtempSync(join(tmpdir(), 'verbatim-cli-'));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  execFileSync('espeak-ng', ['-w', join(dir, 'one.wav'), 'the interview started at ten in the morning']);
  execFileSync('sox', [join(dir, 'one.wav'), '-r', '44100', '-c', '2', join(dir, 'two.flac')]);
  writeFileSync(join(dir, 'notes.wav'), 'these are my notes, not audio\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('verbatim transcribe', () => {
  it('writes a JSON transcript per file whose words carry times and confidence', () => {
    const out = join(dir, 'json');
    mkdirSync(out);
    const r = cli('transcribe', join(dir, 'one.wav'), join(dir, 'two.flac'), '--model', bundle, '--format', 'json', '--out', out, '--workers', '2');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/2\/2 files, .* of audio in .* \(real-time factor \d+\.\d+\)/);
    for (const name of ['one.json', 'two.json']) {
      const doc = JSON.parse(readFileSync(join(out, name), 'utf8'));
      expect(doc.words.length).toBeGreaterThan(0);
      let last = 0;
      for (const w of doc.words) {
        expect(Object.keys(w).sort()).toEqual(['confidence', 'end', 'start', 'text']);
        expect(w.confidence).toBeGreaterThanOrEqual(0);
        expect(w.confidence).toBeLessThanOrEqual(1);
        expect(w.start).toBeGreaterThanOrEqual(last);
        expect(w.end).toBeGreaterThan(w.start);
        last = w.start;
      }
      expect(doc.duration).toBeGreaterThan(2);
      expect(doc.model.id).toBeTruthy();
    }
  });

  it('goes on past a file that is not audio, and exits 1 naming it', () => {
    const out = join(dir, 'mixed');
    mkdirSync(out);
    const r = cli('transcribe', join(dir, 'notes.wav'), join(dir, 'one.wav'), '--model', bundle, '--format', 'srt', '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('notes.wav: ');
    expect(r.stderr).toContain('not an audio file');
    expect(readdirSync(out)).toEqual(['one.srt']);
    expect(readFileSync(join(out, 'one.srt'), 'utf8')).toMatch(/^1\n00:00:\d\d,\d{3} --> 00:00:\d\d,\d{3}\n/);
  });

  it('refuses to replace an existing transcript without --overwrite', () => {
    const out = join(dir, 'twice');
    mkdirSync(out);
    expect(cli('transcribe', join(dir, 'one.wav'), '--model', bundle, '--out', out).code).toBe(0);
    const again = cli('transcribe', join(dir, 'one.wav'), '--model', bundle, '--out', out);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('exists (use --overwrite');
    expect(cli('transcribe', join(dir, 'one.wav'), '--model', bundle, '--out', out, '--overwrite').code).toBe(0);
  });

  it('exits 2 on usage errors and bad vocabularies, 3 on a bad bundle', () => {
    expect(cli('transcribe').code).toBe(2);
    expect(cli('transcribe', join(dir, 'one.wav'), '--format', 'pdf').stderr).toContain('--format must be one of');
    const vocab = join(dir, 'vocab.json');
    writeFileSync(vocab, JSON.stringify([{ phrase: 'metoprolol' }, { phrase: '' }, { phrase: 'naïve ½' }]));
    const v = cli('transcribe', join(dir, 'one.wav'), '--model', bundle, '--vocab', vocab, '--out', dir);
    expect(v.code).toBe(2);
    expect(v.stderr).toMatch(/entr/i);
    const empty = mkdtempSync(join(tmpdir(), 'verbatim-nobundle-'));
    const b = cli('transcribe', join(dir, 'one.wav'), '--model', empty);
    expect(b.code).toBe(3);
    expect(b.stderr).toContain('cannot load the model bundle');
    expect(cli('transcribe', join(dir, 'one.wav'), join(dir, 'one.flac'), '--model', bundle, '--out', dir).code).toBe(2);
  });

  it('decodes with the model\'s LM by default; --lm off is plain greedy; an LM-less model refuses --lm base', () => {
    const out = join(dir, 'lm');
    mkdirSync(out);
    const text = (...flags: string[]) => {
      const r = cli('transcribe', join(dir, 'one.wav'), '--model', bundle, '--format', 'txt', '--out', out, '--overwrite', ...flags);
      expect(r.code, r.stderr).toBe(0);
      return readFileSync(join(out, 'one.txt'), 'utf8').trim();
    };
    const decode = (...flags: string[]) => {
      const r = cli('transcribe', join(dir, 'one.wav'), '--model', bundle, '--format', 'json', '--out', out, '--overwrite', ...flags);
      expect(r.code, r.stderr).toBe(0);
      const words = (JSON.parse(readFileSync(join(out, 'one.json'), 'utf8')) as { words: { confidence: number }[] }).words;
      return { confidences: words.map((w) => w.confidence), said: r.stderr };
    };
    // the run says which decoding it used; this clip is clear enough that the words may agree, but the confidence
    // shows it too: with the LM it comes from the LM decoding's calibration (a logistic model that also asks the LM),
    // greedy from the acoustics alone
    const withLm = decode();
    const greedy = decode('--lm', 'off');
    expect(withLm.said).toMatch(/one\.wav: done \([\d.]+ s of audio; the model's word LM\)/);
    expect(greedy.said).toMatch(/one\.wav: done \([\d.]+ s of audio; no word LM\)/);
    expect(withLm.confidences.length).toBeGreaterThan(0);
    expect(withLm.confidences).not.toEqual(greedy.confidences);
    expect(decode('--lm', 'base').confidences).not.toEqual(greedy.confidences);
    const domain = join(dir, 'domain.txt');
    writeFileSync(domain, 'The interview started at ten.\nInterviews start in the morning.\n');
    expect(text('--domain-text', domain).length).toBeGreaterThan(0);
    expect(decode('--domain-text', domain).said).toMatch(/; the model's word LM adapted to the domain text and vocabulary\)/);
    // a copy of the bundle without its LM
    const noLm = mkdtempSync(join(tmpdir(), 'verbatim-nolm-'));
    const json = JSON.parse(readFileSync(join(bundle, 'model.json'), 'utf8'));
    delete json.lm;
    writeFileSync(join(noLm, 'model.json'), JSON.stringify(json));
    for (const f of [json.file, json.tokensFile]) writeFileSync(join(noLm, f), readFileSync(join(bundle, f)));
    const r = cli('transcribe', join(dir, 'one.wav'), '--model', noLm, '--lm', 'base', '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('has no language model');
    expect(cli('transcribe', join(dir, 'one.wav'), '--model', bundle, '--domain-text', join(dir, 'gone.txt'), '--out', out).stderr).toContain('is not a readable file');
    rmSync(noLm, { recursive: true, force: true });
  });

  it('cancels on Ctrl-C with exit 130 and leaves no partial output', async () => {
    const long = join(dir, 'long.wav');
    // long enough (about 15 minutes) that the run is still going when the signal lands, however fast the model
    execFileSync('sox', Array(300).fill(join(dir, 'one.wav')).concat([long]));
    const out = join(dir, 'cancel');
    mkdirSync(out);
    const child = spawn(process.execPath, [main, 'transcribe', long, '--model', bundle, '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const code = await new Promise<number | null>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (/long\.wav: \d+%/.test(stderr) && !child.killed) child.kill('SIGINT');
      });
      child.on('exit', (c) => resolve(c));
    });
    expect(code, stderr).toBe(130);
    expect(readdirSync(out)).toEqual([]);
    expect(existsSync(join(out, 'long.txt'))).toBe(false);
  }, 60_000);
});
