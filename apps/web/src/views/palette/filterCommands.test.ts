import { describe, expect, it } from 'vitest';
import type { Command } from '../../platform/Command.ts';
import { commandLabel, filterCommands, matchFuzzy } from './filterCommands.ts';

const command = (id: string, title: string, category?: string): Command => ({ id, title, ...(category ? { category } : {}), run: () => {} });

const commands = [
  command('playback.faster', 'Faster', 'Playback'),
  command('playback.toggle', 'Play or Pause', 'Playback'),
  command('review.accept', 'Accept Word', 'Review'),
  command('review.nextFlagged', 'Next Flagged Word', 'Review'),
  command('review.previousFlagged', 'Previous Flagged Word', 'Review'),
  command('view.search', 'Show Search', 'View'),
  command('workbench.showCommands', 'Show All Commands', 'View'),
  command('about', 'About Verbatim'),
];

const ids = (query: string) => filterCommands(commands, query).map((m) => m.command.id);

describe('filterCommands', () => {
  it('keeps every command in order for an empty query', () => {
    expect(ids('')).toEqual(commands.map((c) => c.id));
    expect(ids('   ')).toEqual(commands.map((c) => c.id));
  });

  it('labels commands with their category', () => {
    expect(commandLabel(commands[3]!)).toBe('Review: Next Flagged Word');
    expect(commandLabel(commands[7]!)).toBe('About Verbatim');
  });

  it('matches characters in order, case-insensitively, ignoring spaces', () => {
    expect(ids('NEXT flag')).toEqual(['review.nextFlagged']);
    expect(ids('nxtflg')).toEqual(['review.nextFlagged']);
    expect(ids('zzz')).toEqual([]);
    // out of order does not match
    expect(ids('galf')).toEqual([]);
  });

  it('ranks word starts and runs above scattered matches', () => {
    // "Show Search": S-earch at a word start beats the scattered s…e…a…r…c…h elsewhere
    expect(ids('search')[0]).toBe('view.search');
    // "Previous" holds the run; "Playback: Play or Pause" only scattered letters
    expect(ids('prev')[0]).toBe('review.previousFlagged');
    expect(ids('acc')[0]).toBe('review.accept');
  });

  it('finds a command by its id when the label does not match', () => {
    expect(ids('nextflagged')).toEqual(['review.nextFlagged']);
    expect(ids('workbench.show')).toEqual(['workbench.showCommands']);
  });

  it('reports the matched characters of the label for highlighting', () => {
    const [match] = filterCommands(commands, 'nfw');
    expect(match?.label).toBe('Review: Next Flagged Word');
    expect(match?.highlights.map((i) => match.label[i])).toEqual(['N', 'F', 'W']);
    expect(match?.highlights).toEqual([8, 13, 21]);
  });
});

describe('matchFuzzy', () => {
  it('prefers the placement at word starts over the first occurrence', () => {
    // leftmost placement would take the "f" of "of"; the best one takes "Flagged"
    expect(matchFuzzy('List of Flagged', 'lf')?.indices).toEqual([0, 8]);
  });

  it('refuses a needle longer than the text', () => {
    expect(matchFuzzy('ab', 'abc')).toBeUndefined();
  });
});
