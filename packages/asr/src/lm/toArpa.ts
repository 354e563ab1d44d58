import type { NgramModel } from './NgramModel.ts';

/**
 * The model as ARPA text (log10 probabilities and back-off weights), the format SRILM, KenLM and pyctcdecode read:
 * for inspecting a model or using it elsewhere.
 */
export function toArpa(model: NgramModel): string {
  const t = model.tables;
  const lines: string[] = ['', '\\data\\'];
  model.counts.forEach((c, k) => lines.push(`ngram ${k + 1}=${c}`));
  const text = (node: number): string => {
    const ws: string[] = [];
    // walk the history back through the tree: the parent of a node is found from its level's child ranges
    for (let n = node; n > 0; n = parentOf(t, n)) ws.unshift(t.words[t.word[n] as number] as string);
    return ws.join(' ');
  };
  // <s> is stored as ln(1e-99): ARPA's conventional -99
  const log10 = (x: number): string => (x < -98 * Math.LN10 ? '-99' : (x / Math.LN10).toFixed(6));
  for (let k = 1; k <= t.order; k++) {
    lines.push('', `\\${k}-grams:`);
    for (let i = t.levelStart[k] as number; i < (t.levelStart[k + 1] as number); i++) {
      const b = t.backoff[i] as number;
      lines.push(`${log10(t.logProb[i] as number)}\t${text(i)}${k < t.order && b !== 0 ? `\t${log10(b)}` : ''}`);
    }
  }
  lines.push('', '\\end\\', '');
  return lines.join('\n');
}

function parentOf(t: NgramModel['tables'], node: number): number {
  // the level above holds the parent: the last node whose children start at or before `node`
  let k = 1;
  while ((t.levelStart[k + 1] as number) <= node) k++;
  if (k === 1) return 0;
  let lo = t.levelStart[k - 1] as number;
  let hi = (t.levelStart[k] as number) - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((t.firstChild[mid] as number) <= node) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
