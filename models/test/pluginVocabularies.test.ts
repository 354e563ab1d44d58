// The first-party domain plugins and the model recipe must agree: each plugin's vocabulary covers the terms its
// domain trains on (models/recipe/verbatim_recipe/domain.py), and its hand-written domain text never repeats a
// sentence the recipe's templates generate for evaluation. Reads the Python source and the plugins' files as text.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '..', '..');
const domainSource = readFileSync(join(repo, 'models', 'recipe', 'verbatim_recipe', 'domain.py'), 'utf8');

/** Which first-party plugin (folder under plugins/) serves which recipe domain. */
const PLUGINS = [
  { dir: 'medical', domain: 'medical' },
  { dir: 'ruby', domain: 'ruby' },
  { dir: 'social-science', domain: 'social' },
] as const;

// the model's spoken alphabet: the template text around the placeholders must already be in it, or the recipe's
// normalisation would rewrite it and a pattern built from the template would miss the sentences it generates
const SPOKEN = /^[a-z' ]*$/u;
const PLACEHOLDER = /\{([^{}]*)\}/gu;
const KNOWN_PLACEHOLDERS = new Set(['t', 'u', 'n']);

describe('first-party plugins against the model recipe', () => {
  it('has a plugin for every domain the recipe trains', () => {
    const tuple = /^DOMAINS = \(([^)]*)\)/mu.exec(domainSource)?.[1];
    expect(tuple, 'DOMAINS in domain.py').toBeDefined();
    const domains = [...tuple!.matchAll(/"([^"]+)"/gu)].map((m) => m[1]);
    expect(domains.length).toBeGreaterThan(0);
    expect(PLUGINS.map((p) => p.domain).sort()).toEqual([...domains].sort());
  });

  describe.each(PLUGINS)('plugins/$dir (recipe domain "$domain")', ({ dir, domain }) => {
    const vocabularyDir = join(repo, 'plugins', dir, 'vocabulary');
    const entries = JSON.parse(readFileSync(join(vocabularyDir, 'terms.json'), 'utf8')) as { phrase: string }[];
    const lines = readFileSync(join(vocabularyDir, 'sentences.txt'), 'utf8').split(/\r?\n/u).filter((l) => l !== '');

    it('covers every word of the domain term block longer than three letters, and every phrase', () => {
      // a superset of the recipe's single-word terms (which also leave out _NOT_TERMS): those words reach the
      // model inside phrases, so the vocabulary must still be able to spell them
      const termWords = termBlockWords(domain);
      const phrases = listOf('_PHRASES', domain);
      expect(termWords.length).toBeGreaterThan(50);
      expect(phrases.length).toBeGreaterThanOrEqual(5);
      const vocabularyPhrases = new Set(entries.map((e) => e.phrase));
      const vocabularyWords = new Set(entries.flatMap((e) => e.phrase.split(' ')));
      expect(termWords.filter((w) => !vocabularyWords.has(w))).toEqual([]);
      expect(phrases.filter((p) => !vocabularyPhrases.has(p))).toEqual([]);
    });

    it('has templates whose generated sentences can be recognised', () => {
      const templates = listOf('_TEMPLATES', domain);
      expect(templates.length).toBeGreaterThan(5);
      for (const template of templates) {
        const names = [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!);
        expect(names.filter((n) => !KNOWN_PLACEHOLDERS.has(n)), template).toEqual([]);
        expect(template.split(PLACEHOLDER).filter((_, k) => k % 2 === 0).every((part) => SPOKEN.test(part)), template).toBe(true);
      }
    });

    it('writes no domain sentence that a recipe template generates for evaluation', () => {
      const patterns = listOf('_TEMPLATES', domain).map(templatePattern);
      expect(lines.length).toBeGreaterThanOrEqual(300);
      expect(lines.filter((line) => patterns.some((p) => p.test(line)))).toEqual([]);
    });
  });

  it('recognises a generated sentence, so the check above can fail', () => {
    const [template] = listOf('_TEMPLATES', 'medical');
    const sentence = template!.replaceAll('{t}', 'atrial fibrillation').replaceAll('{u}', 'sepsis').replaceAll('{n}', 'twenty five');
    expect(listOf('_TEMPLATES', 'medical').map(templatePattern).some((p) => p.test(sentence))).toBe(true);
  });
});

/** Distinct words longer than three letters of `<DOMAIN>_TERMS = """..."""`. */
function termBlockWords(domain: string): string[] {
  const block = new RegExp(`^${domain.toUpperCase()}_TERMS = """([\\s\\S]*?)"""`, 'mu').exec(domainSource)?.[1];
  if (block === undefined) throw new Error(`no ${domain.toUpperCase()}_TERMS block in domain.py`);
  return [...new Set(block.split(/\s+/u).filter((word) => word.length > 3))];
}

/** The quoted strings of `"<domain>": [...]` inside the top-level dict `<name> = {...}`. */
function listOf(name: string, domain: string): string[] {
  const dict = new RegExp(`^${name} = \\{([\\s\\S]*?)^\\}`, 'mu').exec(domainSource)?.[1];
  const list = dict === undefined ? undefined : new RegExp(`"${domain}": \\[([\\s\\S]*?)\\]`, 'u').exec(dict)?.[1];
  if (list === undefined) throw new Error(`no "${domain}" list in ${name} of domain.py`);
  return [...list.matchAll(/"([^"]*)"/gu)].map((m) => m[1]!);
}

/** A pattern matching every sentence a template generates: each placeholder stands for one or more characters. */
function templatePattern(template: string): RegExp {
  const parts = template.split(PLACEHOLDER).filter((_, k) => k % 2 === 0).map((p) => p.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&'));
  return new RegExp(`^${parts.join('.+')}$`, 'u');
}
