import type { Path } from 'slate';
import type { Event } from '../platform/Emitter.ts';
import type { FlaggedWord } from '../review/collectFlagged.ts';
import type { VerifyScope } from '../review/verified/verifiedStretch.ts';
import type { ExportFormat } from './transcriptJson.ts';

/**
 * What the workbench's transcript commands act on: the transcript in the active editor tab. Implemented by
 * `TranscriptActions`; registered with `TranscriptWorkbench.setActive`.
 */
export interface ActiveTranscript {
  readonly transcriptId: string;
  readonly projectId: string;
  /** The model that made it (as its record says), when loaded. */
  readonly model?: { id: string; version: string; sha256: string } | undefined;
  /** Its flagged words now, in reading order. */
  readonly flagged: readonly FlaggedWord[];
  /** {@link flagged} changed. */
  readonly onDidChangeFlagged: Event<void>;
  /** Selects the word at `path`, scrolls to it, and plays it with context when `play`. */
  selectWord(path: Path, play: boolean): void;
  togglePlayback(): void;
  skip(seconds: number): void;
  stepRate(direction: 1 | -1): void;
  /** Asks for a time (hh:mm:ss or seconds) and goes there. */
  promptJumpTo(): void;
  /** Asks for the rewind-on-resume seconds. */
  promptRewind(): void;
  /** Selects and plays the next/previous flagged word after the caret; false when this transcript has none further. */
  selectFlagged(direction: 1 | -1, wrap: boolean): boolean;
  /** Shows the word at `at` seconds (select, scroll, and play it with context when `play`). */
  revealAt(at: number, play: boolean): void;
  /** Selects and scrolls to the `occurrence`-th match of `text` in the paragraph that starts at `at` (a search result). */
  revealMatch(at: number, text: string, occurrence: number): void;
  accept(): void;
  fixAll(): void;
  addToVocabulary(): void;
  /** Marks the turn at the caret, the selected words or the whole transcript verified (undo removes the mark). */
  verify(scope: VerifyScope): void;
  splitTurn(): void;
  /** Shows the speaker list (rename a speaker everywhere, merge two speakers). */
  showSpeakers(): void;
  /** Gives the selected words to a speaker (asked for when not given), splitting the turn at the selection. */
  assignSelectionToSpeaker(name?: string): void;
  mergeTurn(): void;
  undo(): void;
  redo(): void;
  /** Downloads an export, asking for the format when none is given. */
  exportAs(format?: ExportFormat): void;
}
