import type { Disposable } from '../platform/Disposable.ts';
import type { StatusBarService, StatusItem } from '../platform/StatusBarService.ts';
import type { PlaybackController } from '../waveform/PlaybackController.ts';
import { formatTimecode } from '../waveform/timecode.ts';
import type { TranscriptSession } from './TranscriptSession.ts';

/**
 * The status bar items of the active transcript: `connection` (its WebSocket), `collaborators`, `flagged` and
 * `playback-time` (the shell renders each as `status-<id>`). Shown while {@link show} is in effect; each update
 * replaces the item of the same id.
 */
export class TranscriptStatusItems implements Disposable {
  readonly #status: StatusBarService;
  #items: Map<string, Disposable> | undefined;
  #second = -1;

  constructor(status: StatusBarService) {
    this.#status = status;
  }

  /** Whether the items are on the status bar. */
  get shown(): boolean {
    return this.#items !== undefined;
  }

  /** The second of playback last shown (the playback item changes once a second while playing). */
  get shownSecond(): number {
    return this.#second;
  }

  /** Puts the items on the status bar until the returned disposable (or `dispose`) takes them off. */
  show(): Disposable {
    const items = new Map<string, Disposable>();
    this.#items = items;
    return {
      dispose: () => {
        if (this.#items === items) this.#items = undefined;
        for (const item of items.values()) item.dispose();
      },
    };
  }

  connection(session: TranscriptSession): void {
    const { connection, collaborators, closure } = session;
    this.#set({
      id: 'connection',
      text: closure ? '⊘ Closed' : connection === 'connected' ? '● Connected' : connection === 'connecting' ? '◌ Connecting…' : '○ Disconnected',
      title: closure ? closure.message : connection === 'connected' ? 'Live collaboration on this transcript' : 'Edits are kept and sent when the connection is back',
      alignment: 'left',
      priority: 100,
    });
    this.#set({
      id: 'collaborators',
      text: `${collaborators.length} online`,
      title: collaborators.map((c) => (c.self ? `${c.name} (you)` : c.name)).join('\n') || 'Only you',
      alignment: 'left',
      priority: 95,
    });
  }

  flagged(count: number, threshold: number): void {
    this.#set({
      id: 'flagged',
      text: `⚑ ${count} flagged`,
      title: `Words below the review threshold (${threshold.toFixed(2)}) not reviewed yet; F8 goes to the next`,
      alignment: 'left',
      priority: 80,
      command: 'review.nextFlagged',
    });
  }

  playback(playback: PlaybackController): void {
    if (!this.#items) return;
    const time = playback.time;
    this.#second = Math.floor(time);
    this.#set({
      id: 'playback-time',
      // as on a player's button: ▶ while paused (click to play), ❚❚ while playing (click to pause)
      text: `${playback.playing ? '❚❚' : '▶'} ${formatTimecode(time)} / ${formatTimecode(playback.duration)} · ${playback.rate.toFixed(1)}x`,
      title: `${playback.playing ? 'Playing: click or Escape pauses' : `Paused: click or Escape plays (rewinds ${playback.rewindOnResume} s on resume)`}; F1/F2 skip, F3/F4 change the speed`,
      alignment: 'right',
      priority: 50,
      command: 'playback.toggle',
    });
  }

  dispose(): void {
    for (const item of this.#items?.values() ?? []) item.dispose();
    this.#items = undefined;
  }

  // the previous version of the item is replaced by the new one (its disposable is then a no-op)
  #set(item: StatusItem): void {
    this.#items?.set(item.id, this.#status.set(item));
  }
}
