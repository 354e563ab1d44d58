import { describe, expect, it } from 'vitest';
import { parseManifest } from './parseManifest.ts';
import { PluginManifestError } from './PluginManifestError.ts';

const medical = () => ({
  name: '@verbatim-plugins/medical',
  version: '1.0.0',
  type: 'module',
  main: 'dist/index.js',
  engines: { verbatim: '^1.0.0' },
  verbatim: {
    id: 'medical',
    displayName: 'Medicine',
    description: 'Drug names and dosages.',
    contributes: {
      vocabularies: [
        { id: 'medical.terms', title: 'Drugs, anatomy, procedures', path: 'vocabulary/terms.json', domainText: 'vocabulary/sentences.txt' },
        { id: 'medical.computed', title: 'Computed' },
      ],
      postProcessors: [{ id: 'medical.dosage', title: 'Dosage normalisation' }],
      commands: [{ id: 'medical.showDrugs', title: 'List drug names' }],
    },
  },
});

function problemsOf(json: unknown): PluginManifestError {
  try {
    parseManifest(json, 'x/package.json');
  } catch (error) {
    expect(error).toBeInstanceOf(PluginManifestError);
    return error as PluginManifestError;
  }
  throw new Error('parseManifest accepted it');
}

describe('parseManifest', () => {
  it('returns the manifest of a valid package.json', () => {
    expect(parseManifest(medical())).toEqual({
      id: 'medical',
      name: '@verbatim-plugins/medical',
      version: '1.0.0',
      displayName: 'Medicine',
      description: 'Drug names and dosages.',
      main: 'dist/index.js',
      engines: { verbatim: '^1.0.0' },
      contributes: medical().verbatim.contributes,
    });
  });

  it('fills absent lists and description, and needs no main for static vocabularies only', () => {
    const m = parseManifest({
      name: 'words-only',
      version: '0.1.0',
      engines: { verbatim: '1.x' },
      verbatim: { id: 'words-only', displayName: 'Words', contributes: { vocabularies: [{ id: 'words-only.a', title: 'A', path: './a.json' }] } },
    });
    expect(m.main).toBeUndefined();
    expect(m.description).toBe('');
    expect(m.contributes.postProcessors).toEqual([]);
    expect(m.contributes.commands).toEqual([]);
  });

  it('says a package without a verbatim key is not a plugin', () => {
    const { verbatim: _, ...plain } = medical();
    const e = problemsOf(plain);
    expect(e.code).toBe('not-a-plugin');
    expect(e.message).toContain('@verbatim-plugins/medical');
  });

  it('lists every problem and names the plugin', () => {
    const bad = medical() as Record<string, any>;
    bad['version'] = 'one';
    bad['engines'] = {};
    bad['verbatim'].displayName = '';
    bad['verbatim'].contributes.vocabularies[0].path = '/etc/passwd';
    bad['verbatim'].contributes.vocabularies[1].domainText = 'vocabulary/../../secret.txt';
    bad['verbatim'].contributes.postProcessors.push({ id: 'ruby.casing', title: 'Other plugin' }, { id: 'medical.dosage', title: 'Twice' });
    bad['verbatim'].contributes.commands[0].title = 5;
    const e = problemsOf(bad);
    expect(e.code).toBe('invalid-manifest');
    expect(e.pluginId).toBe('medical');
    expect(e.message).toMatch(/^Plugin "medical" \(x\/package\.json\) has an invalid manifest \(8 problems\)/);
    expect(e.problems).toHaveLength(8);
    expect(e.problems.join('\n')).toMatch(/"version"/);
    expect(e.problems.join('\n')).toMatch(/engines\.verbatim/);
    expect(e.problems.join('\n')).toMatch(/displayName/);
    expect(e.problems.join('\n')).toMatch(/vocabularies\[0\]\.path" must be relative/);
    expect(e.problems.join('\n')).toMatch(/vocabularies\[1\]\.domainText" must stay inside/);
    expect(e.problems.join('\n')).toMatch(/postProcessors\[1\]\.id" must be "medical\.<name>"/);
    expect(e.problems.join('\n')).toMatch(/"medical\.dosage" is declared twice/);
    expect(e.problems.join('\n')).toMatch(/commands\[0\]\.title/);
  });

  it('checks the id pattern', () => {
    for (const id of ['Medical', 'm', '1med', 'med_ical', 'a'.repeat(42), 7]) {
      const json = medical() as Record<string, any>;
      json['verbatim'].id = id;
      expect(problemsOf(json).problems.join('\n'), String(id)).toMatch(/verbatim\.id/);
    }
    for (const id of ['ab', 'social-science', 'x2', 'a'.repeat(41)]) {
      const json = medical() as Record<string, any>;
      json['verbatim'] = { id, displayName: 'X' };
      expect(parseManifest(json).id).toBe(id);
    }
  });

  it('rejects Windows-absolute paths, bare directories and a main outside the package', () => {
    const json = medical() as Record<string, any>;
    json['main'] = '../other/index.js';
    json['verbatim'].contributes.vocabularies[0].path = 'C:\\terms.json';
    json['verbatim'].contributes.vocabularies[0].domainText = './';
    const e = problemsOf(json);
    expect(e.problems).toHaveLength(3);
  });

  it('requires main when code must register contributions', () => {
    const json = medical() as Record<string, any>;
    delete json['main'];
    expect(problemsOf(json).problems).toEqual([expect.stringMatching(/"main" is required/)]);
  });

  it('names the package when the id is missing, and refuses non-objects', () => {
    const json = medical() as Record<string, any>;
    delete json['verbatim'].id;
    expect(problemsOf(json).message).toMatch(/^Plugin package @verbatim-plugins\/medical/);
    expect(problemsOf(null).code).toBe('invalid-manifest');
    expect(problemsOf({ ...medical(), verbatim: [] }).problems).toEqual(['"verbatim" must be an object with id, displayName and contributes']);
  });
});
