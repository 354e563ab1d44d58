import type { Command } from '../../platform/Command.ts';

/** A command the palette shows for a query, with the characters of its label that matched. */
export interface CommandMatch {
  command: Command;
  /** "Category: Title", or the title alone. */
  label: string;
  /** Indices into `label` of the matched characters (empty when the query is empty or matched the id). */
  highlights: number[];
  score: number;
}

/** The palette's label of a command. */
export function commandLabel(command: Pick<Command, 'category' | 'title'>): string {
  return command.category ? `${command.category}: ${command.title}` : command.title;
}

/**
 * The commands whose label holds the query's characters in order (case-insensitive, spaces ignored), best first:
 * matches at the start of words and runs of consecutive characters score higher, gaps lower. A query that misses
 * every label but spells part of a command id ("review.acc") still finds it. An empty query keeps every command in
 * the given order.
 *
 * @example
 * filterCommands(registry.list(), 'nxt flag') // -> Review: Next Flagged Word first
 */
export function filterCommands(commands: readonly Command[], query: string): CommandMatch[] {
  const needle = query.toLowerCase().replace(/\s+/g, '');
  if (needle === '') return commands.map((command) => ({ command, label: commandLabel(command), highlights: [], score: 0 }));
  const matches: CommandMatch[] = [];
  for (const command of commands) {
    const label = commandLabel(command);
    const fuzzy = matchFuzzy(label, needle);
    if (fuzzy) matches.push({ command, label, highlights: fuzzy.indices, score: fuzzy.score });
    else if (command.id.toLowerCase().includes(needle)) matches.push({ command, label, highlights: [], score: -1000 + needle.length });
  }
  // stable: equal scores keep the registry's order (category, then title)
  return matches
    .map((m, i) => ({ m, i }))
    .sort((a, b) => b.m.score - a.m.score || a.i - b.i)
    .map(({ m }) => m);
}

/** The best placement of `needle` (lower case, no spaces) as a subsequence of `text`, or undefined. */
export function matchFuzzy(text: string, needle: string): { indices: number[]; score: number } | undefined {
  const haystack = text.toLowerCase();
  // best[i][j]: best score placing needle[0..i] with needle[i] at text position j (dynamic programming: texts are short)
  const n = needle.length;
  const m = haystack.length;
  if (n > m) return undefined;
  const best: Float64Array[] = [];
  const from: Int32Array[] = [];
  for (let i = 0; i < n; i++) {
    const row = new Float64Array(m).fill(-Infinity);
    const back = new Int32Array(m).fill(-1);
    for (let j = i; j < m; j++) {
      if (haystack[j] !== needle[i]) continue;
      const bonus = charBonus(text, j);
      if (i === 0) {
        row[j] = bonus - j * 0.1;
        continue;
      }
      const prev = best[i - 1]!;
      for (let k = i - 1; k < j; k++) {
        if (prev[k] === -Infinity) continue;
        const gap = j - k - 1;
        const score = prev[k]! + bonus + (gap === 0 ? 4 : -Math.min(gap, 10) * 0.5);
        if (score > row[j]!) {
          row[j] = score;
          back[j] = k;
        }
      }
    }
    best.push(row);
    from.push(back);
  }
  const last = best[n - 1]!;
  let end = -1;
  for (let j = 0; j < m; j++) if (last[j]! > -Infinity && (end < 0 || last[j]! > last[end]!)) end = j;
  if (end < 0) return undefined;
  const indices = new Array<number>(n);
  for (let i = n - 1, j = end; i >= 0; j = from[i]![j]!, i--) indices[i] = j;
  return { indices, score: last[end]! };
}

// a character that starts a word ("Next Flagged", "showCommands") is worth more than one inside a word
function charBonus(text: string, at: number): number {
  if (at === 0) return 8;
  const before = text[at - 1]!;
  const here = text[at]!;
  if (/[\s:._\-/(]/.test(before)) return 6;
  if (before === before.toLowerCase() && here !== here.toLowerCase()) return 5;
  return 1;
}
