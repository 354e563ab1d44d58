import type {
  CommandContribution,
  PluginContributions,
  PluginManifest,
  PostProcessorContribution,
  VocabularyContribution,
} from './PluginManifest.ts';
import { PluginManifestError } from './PluginManifestError.ts';

/** Plugin ids: lower-case letter first, then lower-case letters, digits and hyphens; 2 to 41 characters. */
export const PLUGIN_ID_PATTERN = /^[a-z][a-z0-9-]{1,40}$/;
const CONTRIBUTION_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,80}$/;
const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
const MAX_TITLE = 200;
const MAX_DESCRIPTION = 2000;

type Json = Record<string, unknown>;

/**
 * Validates a plugin's package.json (already parsed) and returns its manifest, without running any plugin code.
 * Checks the `verbatim` key (id, displayName, contributions with ids `<id>.<name>` and relative file paths inside
 * the package), `name`, `version`, `main` and `engines.verbatim` (present; whether it matches the host's API
 * version is the host's check).
 *
 * @param where where the package.json was read, for the error message.
 * @throws {PluginManifestError} listing every problem found, naming the plugin.
 */
export function parseManifest(packageJson: unknown, where?: string): PluginManifest {
  const at = where === undefined ? '' : ` (${where})`;
  if (!isObject(packageJson)) {
    throw new PluginManifestError('invalid-manifest', `Plugin manifest${at} is not a JSON object.`, ['package.json is not a JSON object']);
  }
  const pkg = packageJson;
  const v = pkg['verbatim'];
  const packageName = typeof pkg['name'] === 'string' && pkg['name'] !== '' ? pkg['name'] : undefined;
  if (v === undefined) {
    const problem = 'package.json has no "verbatim" key, so it is not a Verbatim plugin';
    throw new PluginManifestError('not-a-plugin', `Package ${packageName ?? '(unnamed)'}${at}: ${problem}.`, [problem]);
  }
  const problems: string[] = [];
  const pluginId = isObject(v) && typeof v['id'] === 'string' ? v['id'] : undefined;

  const name = packageName ?? (problems.push('"name" must be a non-empty string'), '');
  const version = typeof pkg['version'] === 'string' && SEMVER.test(pkg['version']) ? pkg['version'] : (problems.push(`"version" must be a semver version such as "1.0.0" (got ${show(pkg['version'])})`), '');
  let main: string | undefined;
  if (pkg['main'] !== undefined) main = relativePath(pkg['main'], '"main"', problems);
  let range = '';
  const engines = pkg['engines'];
  if (!isObject(engines) || typeof engines['verbatim'] !== 'string' || engines['verbatim'].trim() === '') {
    problems.push('"engines.verbatim" must be a semver range of plugin API versions, e.g. "^1.0.0"');
  } else {
    range = engines['verbatim'];
  }

  let id = '';
  let displayName = '';
  let description = '';
  let contributes: PluginContributions = { vocabularies: [], postProcessors: [], commands: [] };
  if (!isObject(v)) {
    problems.push('"verbatim" must be an object with id, displayName and contributes');
  } else {
    if (pluginId === undefined || !PLUGIN_ID_PATTERN.test(pluginId)) {
      problems.push(`"verbatim.id" must match ${PLUGIN_ID_PATTERN} (got ${show(v['id'])})`);
    } else {
      id = pluginId;
    }
    displayName = text(v['displayName'], '"verbatim.displayName"', MAX_TITLE, problems, true);
    description = v['description'] === undefined ? '' : text(v['description'], '"verbatim.description"', MAX_DESCRIPTION, problems, false);
    contributes = parseContributes(v['contributes'], pluginId ?? '', problems);
    const needsCode = contributes.postProcessors.length > 0 || contributes.commands.length > 0 || contributes.vocabularies.some((c) => c.path === undefined);
    if (needsCode && pkg['main'] === undefined) {
      problems.push('"main" is required: post-processors, commands and vocabularies without "path" are registered by code');
    }
  }

  if (problems.length > 0) {
    const who = pluginId !== undefined ? `Plugin "${pluginId}"` : `Plugin package ${packageName ?? '(unnamed)'}`;
    const list = problems.map((p) => `  - ${p}`).join('\n');
    throw new PluginManifestError('invalid-manifest', `${who}${at} has an invalid manifest (${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}):\n${list}`, problems, pluginId);
  }
  return { id, name, version, displayName, description, ...(main === undefined ? {} : { main }), engines: { verbatim: range }, contributes };
}

function parseContributes(value: unknown, pluginId: string, problems: string[]): PluginContributions {
  const out: PluginContributions = { vocabularies: [], postProcessors: [], commands: [] };
  if (value === undefined) return out;
  if (!isObject(value)) {
    problems.push('"verbatim.contributes" must be an object');
    return out;
  }
  out.vocabularies = list(value, 'vocabularies', pluginId, problems, (item, where): VocabularyContribution => {
    const c: VocabularyContribution = { id: item['id'] as string, title: item['title'] as string };
    if (item['path'] !== undefined) c.path = relativePath(item['path'], `"${where}.path"`, problems);
    if (item['domainText'] !== undefined) c.domainText = relativePath(item['domainText'], `"${where}.domainText"`, problems);
    return c;
  });
  out.postProcessors = list(value, 'postProcessors', pluginId, problems, (item): PostProcessorContribution => ({ id: item['id'] as string, title: item['title'] as string }));
  out.commands = list(value, 'commands', pluginId, problems, (item): CommandContribution => ({ id: item['id'] as string, title: item['title'] as string }));
  return out;
}

function list<T>(contributes: Json, key: string, pluginId: string, problems: string[], build: (item: Json, where: string) => T): T[] {
  const value = contributes[key];
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push(`"verbatim.contributes.${key}" must be an array`);
    return [];
  }
  const out: T[] = [];
  const seen = new Set<string>();
  value.forEach((item: unknown, i) => {
    const where = `verbatim.contributes.${key}[${i}]`;
    if (!isObject(item)) {
      problems.push(`"${where}" must be an object with id and title`);
      return;
    }
    const id = item['id'];
    if (typeof id !== 'string' || !id.startsWith(`${pluginId}.`) || !CONTRIBUTION_NAME.test(id.slice(pluginId.length + 1))) {
      problems.push(`"${where}.id" must be "${pluginId || '<pluginId>'}.<name>" (letters, digits, ".", "_", "-"; got ${show(id)})`);
    } else if (seen.has(id)) {
      problems.push(`"${where}.id" "${id}" is declared twice`);
    } else {
      seen.add(id);
    }
    text(item['title'], `"${where}.title"`, MAX_TITLE, problems, true);
    out.push(build(item, where));
  });
  return out;
}

function text(value: unknown, where: string, max: number, problems: string[], required: boolean): string {
  if (typeof value !== 'string' || (required && value.trim() === '') || value.length > max) {
    problems.push(`${where} must be a ${required ? 'non-empty ' : ''}string of at most ${max} characters (got ${show(value)})`);
    return '';
  }
  return value;
}

// Contributed files are read by the host: an absolute path or one climbing out of the package would read elsewhere.
function relativePath(value: unknown, where: string, problems: string[]): string {
  if (typeof value !== 'string' || value.trim() === '') {
    problems.push(`${where} must be a non-empty relative path (got ${show(value)})`);
    return '';
  }
  const segments = value.split(/[\\/]/u);
  if (/^[\\/]/u.test(value) || /^[A-Za-z]:/u.test(value)) {
    problems.push(`${where} must be relative to the package, not absolute (got ${show(value)})`);
  } else if (segments.includes('..')) {
    problems.push(`${where} must stay inside the package, without ".." (got ${show(value)})`);
  } else if (value.includes('\0')) {
    problems.push(`${where} must not contain NUL characters`);
  } else if (segments.every((s) => s === '' || s === '.')) {
    problems.push(`${where} must name a file (got ${show(value)})`);
  }
  return value;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const s = JSON.stringify(value) ?? String(value);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
