import { readFileSync } from 'node:fs';

/** What the model recipe says about one domain (models/recipe/verbatim_recipe/domain.py). */
export interface RecipeDomain {
  /** Words longer than three letters of the domain's term block (MEDICAL_TERMS...). */
  termWords: string[];
  /** The domain's multi-word phrases (_PHRASES). */
  phrases: string[];
  /** The sentence templates that produce the evaluation sentences, as patterns that match what they generate. */
  templates: RegExp[];
}

/** The repository's recipe file, from a plugin's src folder. */
export const RECIPE_DOMAIN_FILE = new URL('../../../models/recipe/verbatim_recipe/domain.py', import.meta.url);

/**
 * Reads a domain's term block, phrases and templates from the recipe's Python source (test support: the plugin's
 * vocabulary must cover the terms the model was trained on, and its domain text must not repeat the templates that
 * generate the evaluation sentences).
 */
export function readRecipeDomain(domain: 'medical' | 'ruby' | 'social'): RecipeDomain {
  const source = readFileSync(RECIPE_DOMAIN_FILE, 'utf8');
  const block = new RegExp(`^${domain.toUpperCase()}_TERMS = """([\\s\\S]*?)"""`, 'mu').exec(source)?.[1];
  if (block === undefined) throw new Error(`no ${domain.toUpperCase()}_TERMS block in domain.py`);
  const termWords = [...new Set(block.split(/\s+/u).filter((word) => word.length > 3))];
  return { termWords, phrases: stringsOf(source, '_PHRASES', domain), templates: stringsOf(source, '_TEMPLATES', domain).map(templatePattern) };
}

// The quoted strings of `"domain": [ ... ]` inside the dict `name = { ... }`.
function stringsOf(source: string, name: string, domain: string): string[] {
  const dict = new RegExp(`^${name} = \\{([\\s\\S]*?)^\\}`, 'mu').exec(source)?.[1];
  const list = dict === undefined ? undefined : new RegExp(`"${domain}": \\[([\\s\\S]*?)\\]`, 'u').exec(dict)?.[1];
  if (list === undefined) throw new Error(`no "${domain}" list in ${name} of domain.py`);
  return [...list.matchAll(/"([^"]*)"/gu)].map((m) => m[1]!);
}

function templatePattern(template: string): RegExp {
  const parts = template.split(/\{[a-z]\}/u).map((p) => p.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&'));
  return new RegExp(`^${parts.join('.+')}$`, 'u');
}
