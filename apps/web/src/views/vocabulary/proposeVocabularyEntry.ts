import type { VocabularyEntryBody, VocabularyProblemJson } from './vocabularyJson.ts';
import type { VocabularyModel } from './VocabularyModel.ts';

/** What the Add to Vocabulary dialog proposes for a corrected term, for the user to change and confirm. */
export interface VocabularyProposal {
  /** A spelling of the term the model can use, with the sounds-like forms that are safe to keep. */
  entry: VocabularyEntryBody;
  /** Forms not proposed, and why: what was heard, where it is too common (or cannot be spelled) to be one. */
  withheld: Array<{ form: string; reason: string }>;
  /** Why no spelling of the term can be added (empty when `entry` can). */
  problems: VocabularyProblemJson[];
}

/**
 * The entries to try for storing a corrected term, best first: as typed, then spelled in lower case with the typed
 * form to display (for models that only spell lower case); each first with what the model heard as its sounds-like
 * form (in lower case, as the model writes), then without it.
 */
export function vocabularyCandidates(corrected: string, heard: string | undefined): VocabularyEntryBody[] {
  const phrase = unpunctuated(corrected);
  const lower = phrase.toLowerCase();
  const form = heard === undefined ? undefined : unpunctuated(heard).toLowerCase();
  const soundsLike = form && form !== lower ? [form] : undefined;
  const spellings: VocabularyEntryBody[] = [{ phrase }];
  if (lower !== phrase) spellings.push({ phrase: lower, displayAs: phrase });
  return soundsLike ? [...spellings.map((s) => ({ ...s, soundsLike })), ...spellings] : spellings;
}

// a transcript's words carry punctuation ("Zoloft," at a clause end): the term is the words without the marks around them
function unpunctuated(text: string): string {
  return text.trim().replace(/\s+/gu, ' ').replace(/^["'“‘(\[]+|[.,?!;:"'”’)\]]+$/gu, '');
}

/**
 * Proposes an entry for `corrected` (heard by the model as `heard`): the first of {@link vocabularyCandidates} the
 * server would store, less any sounds-like form it judges too common in ordinary speech (those are `withheld`, with
 * the server's reason: "at" as a sounds-like form of "atrial" would rewrite every later "at"). Stores nothing.
 */
export async function proposeVocabularyEntry(model: VocabularyModel, projectId: string, corrected: string, heard?: string): Promise<VocabularyProposal> {
  const candidates = vocabularyCandidates(corrected, heard);
  const problems = await model.check(projectId, candidates);
  const heardForms = candidates[0]?.soundsLike ?? [];
  for (const [index, candidate] of candidates.entries()) {
    const own = problems.filter((p) => p.index === index);
    if (own.some((p) => p.code !== 'common-sounds-like')) continue;
    const common = new Map(own.flatMap((p) => (p.soundsLike === undefined ? [] : [[p.soundsLike, p.reason] as const])));
    const soundsLike = (candidate.soundsLike ?? []).filter((form) => !common.has(form));
    const { soundsLike: _, ...rest } = candidate;
    const withheld = heardForms
      .filter((form) => !soundsLike.includes(form))
      .map((form) => ({ form, reason: common.get(form) ?? `"${form}" cannot be spelled by the model.` }));
    return { entry: soundsLike.length > 0 ? { ...rest, soundsLike } : rest, withheld, problems: [] };
  }
  const { soundsLike: _, ...first } = candidates[0] ?? { phrase: corrected };
  return { entry: first, withheld: heardForms.map((form) => ({ form, reason: 'The term itself cannot be added.' })), problems: problems.filter((p) => p.index === 0) };
}
