import type { Command } from '../platform/Command.ts';
import type { CommandRegistry } from '../platform/CommandRegistry.ts';
import { type Disposable, DisposableStore, toDisposable } from '../platform/Disposable.ts';
import { Emitter } from '../platform/Emitter.ts';
import type { WorkbenchServices } from '../platform/WorkbenchContext.tsx';
import { type ProjectFlaggedResponse, pickAcrossProject } from '../review/pickAcrossProject.ts';
import { readFlaggedPages } from '../review/readFlaggedPages.ts';
import { ProjectThresholds } from '../review/ProjectThresholds.ts';
import { SKIP_SECONDS } from '../waveform/playbackRules.ts';
import type { ActiveTranscript } from './ActiveTranscript.ts';
import { isForeignInput } from './isForeignInput.ts';

/** Flagged words per request when F8 looks through the project. */
const FLAGGED_PAGE = 1000;

const instances = new WeakMap<CommandRegistry, TranscriptWorkbench>();

/**
 * The transcript side of the workbench, one per command registry: the active transcript, the projects' review
 * thresholds, and the playback, review and transcript commands (registered while any transcript tab, Problems
 * panel or Review view is mounted, and acting on the active transcript). F8 past a transcript's last flagged word
 * moves on to the next transcript of the project that has one.
 */
export class TranscriptWorkbench {
  readonly thresholds: ProjectThresholds;
  readonly #services: WorkbenchServices;
  #users = 0;
  #commands: DisposableStore | undefined;
  #active: ActiveTranscript | undefined;
  #reviewProject: string | undefined;
  readonly #onDidChangeActive = new Emitter<void>();
  /** The active transcript changed. */
  readonly onDidChangeActive = this.#onDidChangeActive.event;
  readonly #onDidReview = new Emitter<string>();
  /** A review was recorded in the project with this id (the Review view refreshes). */
  readonly onDidReview = this.#onDidReview.event;

  private constructor(services: WorkbenchServices) {
    this.#services = services;
    this.thresholds = new ProjectThresholds(services.api, (message) => services.notify('error', message));
  }

  /** The instance of this workbench (created on first use). */
  static for(services: WorkbenchServices): TranscriptWorkbench {
    let instance = instances.get(services.commands);
    if (!instance) {
      instance = new TranscriptWorkbench(services);
      instances.set(services.commands, instance);
    }
    return instance;
  }

  get services(): WorkbenchServices {
    return this.#services;
  }

  get active(): ActiveTranscript | undefined {
    return this.#active;
  }

  /** Keeps the commands registered while the returned disposable lives (reference counted). */
  acquire(): Disposable {
    if (this.#users++ === 0) this.#commands = this.#registerCommands();
    return toDisposable(() => {
      if (--this.#users === 0) {
        this.#commands?.dispose();
        this.#commands = undefined;
      }
    });
  }

  /** Makes `transcript` the one the commands act on, until the returned disposable is disposed. */
  setActive(transcript: ActiveTranscript): Disposable {
    this.#active = transcript;
    this.#onDidChangeActive.fire();
    return toDisposable(() => {
      if (this.#active !== transcript) return;
      this.#active = undefined;
      this.#onDidChangeActive.fire();
    });
  }

  /** The project the Review view shows, so F8 works there without an open transcript. */
  setReviewProject(projectId: string): Disposable {
    this.#reviewProject = projectId;
    return toDisposable(() => {
      if (this.#reviewProject === projectId) this.#reviewProject = undefined;
    });
  }

  /** Tells the Review view that a review was recorded. */
  didReview(projectId: string): void {
    this.#onDidReview.fire(projectId);
  }

  /** F8 / Shift+F8: the next flagged word in the active transcript, else in the next transcript of the project. */
  async gotoFlagged(direction: 1 | -1): Promise<void> {
    const active = this.#active;
    if (active && active.selectFlagged(direction, false)) return;
    const projectId = active?.projectId ?? this.#reviewProject;
    if (!projectId) return;
    const { api } = this.#services;
    try {
      const threshold = this.thresholds.get(projectId);
      const list = await api.get<{ transcripts: Array<{ id: string }> }>(`/api/projects/${encodeURIComponent(projectId)}/transcripts`);
      const order = list.transcripts.map((t) => t.id);
      // going forward, the pages (in the project's order) can stop at the first transcript after this one
      const here = active === undefined ? -1 : order.indexOf(active.transcriptId);
      const past = (pages: readonly ProjectFlaggedResponse[]) =>
        direction === 1 && here >= 0 && pages.at(-1)!.items.some((item) => order.indexOf(item.transcriptId) > here);
      // every page otherwise: the first alone would keep F8 among the first transcripts of a project with thousands
      const pages = await readFlaggedPages(api, projectId, { threshold, pageSize: FLAGGED_PAGE, enough: past });
      const items = pages.flatMap((page) => page.items);
      const next = pickAcrossProject(items, order, active?.transcriptId, direction);
      if (next) {
        this.#services.openTranscript(next.transcriptId, { at: next.start });
        return;
      }
    } catch (error) {
      this.#services.notify('error', `The project's flagged words could not be read: ${error instanceof Error ? error.message : String(error)}`);
    }
    // nothing elsewhere: wrap around in this transcript
    if (active && !active.selectFlagged(direction, true)) this.#services.notify('info', 'No flagged words left to review.');
  }

  #registerCommands(): DisposableStore {
    const store = new DisposableStore();
    const active = () => this.#active !== undefined;
    // Escape, Ctrl+Enter and Ctrl+Z typed in another text field (a speaker's name, a search box) belong to it; the
    // palette still runs these commands, on the transcript it was opened from
    const keysFree = () => !isForeignInput(document.activeElement);
    const run = (fn: (t: ActiveTranscript) => void) => () => {
      if (this.#active) fn(this.#active);
    };
    const commands: Command[] = [
      { id: 'playback.toggle', title: 'Play / Pause (rewinds a little on resume)', category: 'Playback', keybinding: 'Escape', when: active, keybindingWhen: keysFree, run: run((t) => t.togglePlayback()) },
      { id: 'playback.back', title: `Skip Back ${SKIP_SECONDS} Seconds`, category: 'Playback', keybinding: 'F1', alternativeKeybindings: ['Ctrl+1'], when: active, run: run((t) => t.skip(-SKIP_SECONDS)) },
      { id: 'playback.forward', title: `Skip Forward ${SKIP_SECONDS} Seconds`, category: 'Playback', keybinding: 'F2', alternativeKeybindings: ['Ctrl+2'], when: active, run: run((t) => t.skip(SKIP_SECONDS)) },
      { id: 'playback.slower', title: 'Slower', category: 'Playback', keybinding: 'F3', when: active, run: run((t) => t.stepRate(-1)) },
      { id: 'playback.faster', title: 'Faster', category: 'Playback', keybinding: 'F4', when: active, run: run((t) => t.stepRate(1)) },
      { id: 'playback.jumpTo', title: 'Jump to Time…', category: 'Playback', keybinding: 'Ctrl+J', when: active, run: run((t) => t.promptJumpTo()) },
      { id: 'playback.setRewindOnResume', title: 'Set Rewind on Resume…', category: 'Playback', when: active, run: run((t) => t.promptRewind()) },
      {
        id: 'review.nextFlagged',
        title: 'Next Flagged Word',
        category: 'Review',
        keybinding: 'F8',
        when: () => active() || this.#reviewProject !== undefined,
        run: () => this.gotoFlagged(1),
      },
      {
        id: 'review.previousFlagged',
        title: 'Previous Flagged Word',
        category: 'Review',
        keybinding: 'Shift+F8',
        when: () => active() || this.#reviewProject !== undefined,
        run: () => this.gotoFlagged(-1),
      },
      { id: 'review.accept', title: 'Accept Word', category: 'Review', keybinding: 'Ctrl+Enter', when: active, keybindingWhen: keysFree, run: run((t) => t.accept()) },
      { id: 'review.fixAll', title: 'Fix All: Apply the Last Correction to the Same Flagged Words', category: 'Review', when: active, run: run((t) => t.fixAll()) },
      { id: 'review.markTurnVerified', title: 'Mark Turn Verified', category: 'Review', keybinding: 'Ctrl+Shift+Enter', when: active, keybindingWhen: keysFree, run: run((t) => t.verify('turn')) },
      { id: 'review.markSelectionVerified', title: 'Mark Selection Verified', category: 'Review', keybinding: 'Ctrl+Alt+Enter', when: active, keybindingWhen: keysFree, run: run((t) => t.verify('selection')) },
      { id: 'review.markTranscriptVerified', title: 'Mark Transcript Verified', category: 'Review', when: active, run: run((t) => t.verify('transcript')) },
      { id: 'review.addToVocabulary', title: "Add the Correction to the Project's Vocabulary", category: 'Review', when: active, run: run((t) => t.addToVocabulary()) },
      { id: 'transcript.splitTurn', title: 'Split Turn at Caret', category: 'Transcript', when: active, run: run((t) => t.splitTurn()) },
      { id: 'transcript.speakers', title: 'Speakers: Rename or Merge…', category: 'Transcript', when: active, run: run((t) => t.showSpeakers()) },
      { id: 'transcript.assignSelectionToSpeaker', title: 'Assign Selection to Speaker…', category: 'Transcript', keybinding: 'Alt+S', when: active, keybindingWhen: keysFree, run: run((t) => t.assignSelectionToSpeaker()) },
      { id: 'transcript.mergeTurn', title: 'Merge Turn with Previous', category: 'Transcript', when: active, run: run((t) => t.mergeTurn()) },
      { id: 'transcript.undo', title: 'Undo (your own changes)', category: 'Transcript', keybinding: 'Ctrl+Z', when: active, keybindingWhen: keysFree, run: run((t) => t.undo()) },
      { id: 'transcript.redo', title: 'Redo', category: 'Transcript', keybinding: 'Ctrl+Shift+Z', alternativeKeybindings: ['Ctrl+Y'], when: active, keybindingWhen: keysFree, run: run((t) => t.redo()) },
      { id: 'transcript.export', title: 'Export…', category: 'Transcript', when: active, run: run((t) => t.exportAs()) },
      { id: 'transcript.exportSrt', title: 'Export as SRT Subtitles', category: 'Transcript', when: active, run: run((t) => t.exportAs('srt')) },
    ];
    for (const command of commands) {
      try {
        store.add(this.#services.commands.register(command));
      } catch (error) {
        // another part registered the same id: keep theirs, say so once
        console.warn(error);
      }
    }
    return store;
  }
}
