/** An open tab's name and what else could tell it apart, most telling first (its project, its recording's date…). */
export interface TabName {
  name: string;
  details: readonly string[];
}

/**
 * What to show beside each tab's name so that tabs of the same name can be told apart, as VS Code shows a folder
 * beside files of the same name: nothing for a unique name; else as few of their details as tell all the tabs of that
 * name apart, from the first (the project: "interview.wav — Project A"; then "Project A · 3 May"); else their
 * position, "#1", "#2".
 *
 * @example
 * tabDescriptions([{ name: 'a.wav', details: ['P1'] }, { name: 'a.wav', details: ['P2'] }, { name: 'b.wav', details: ['P1'] }])
 * // ['P1', 'P2', undefined]
 */
export function tabDescriptions(tabs: readonly TabName[]): Array<string | undefined> {
  const byName = new Map<string, number[]>();
  tabs.forEach((tab, i) => byName.set(tab.name, [...(byName.get(tab.name) ?? []), i]));
  const out: Array<string | undefined> = tabs.map(() => undefined);
  for (const indices of byName.values()) {
    if (indices.length < 2) continue;
    const depth = Math.max(...indices.map((i) => tabs[i]!.details.length));
    // the fewest details, from the first, that tell every tab of this name apart
    let shown: string[] | undefined;
    for (let d = 1; d <= depth && !shown; d++) {
      const values = indices.map((i) => tabs[i]!.details.slice(0, d).join(' · '));
      if (new Set(values).size === values.length) shown = values;
    }
    indices.forEach((i, n) => (out[i] = shown?.[n] || `#${n + 1}`));
  }
  return out;
}
