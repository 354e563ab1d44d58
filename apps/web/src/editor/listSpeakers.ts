import type { Descendant } from 'slate';
import { isTurn } from './transcriptTypes.ts';

/** A speaker of a transcript and how many paragraphs carry the name. */
export interface SpeakerSummary {
  name: string;
  turns: number;
}

/** The speakers of a document in the order they first speak, each with its number of paragraphs. */
export function listSpeakers(children: readonly Descendant[]): SpeakerSummary[] {
  const counts = new Map<string, number>();
  for (const node of children) if (isTurn(node)) counts.set(node.speaker, (counts.get(node.speaker) ?? 0) + 1);
  return [...counts].map(([name, turns]) => ({ name, turns }));
}
