import type { ApiClient } from '../platform/ApiClient.ts';
import { CommandRegistry } from '../platform/CommandRegistry.ts';
import { type Disposable, DisposableStore } from '../platform/Disposable.ts';
import { Emitter } from '../platform/Emitter.ts';
import { KeybindingService } from '../platform/KeybindingService.ts';
import { StatusBarService } from '../platform/StatusBarService.ts';
import type { OpenTranscriptOptions, SessionUser, TranscriptReveal, WorkbenchServices } from '../platform/WorkbenchContext.tsx';
import type { DeleteTarget } from './DeleteDialog.tsx';
import { JobWatcher } from './JobWatcher.ts';
import { LayoutModel } from './LayoutModel.ts';
import { NotificationService } from './NotificationService.ts';
import { ProjectsModel } from './ProjectsModel.ts';
import { registerShellCommands } from './registerShellCommands.ts';
import { registerModelCommands } from '../views/models/registerModelCommands.ts';
import { registerLiveCommands } from '../views/live/registerLiveCommands.ts';
import { ThemeModel } from './ThemeModel.ts';
import { trackShellStatus } from './trackShellStatus.ts';
import { UploadService } from './UploadService.ts';
import { watchQualityAlerts } from '../views/quality/watchQualityAlerts.ts';

/** Something the explorer is asked to do by a command (it owns the form and the file input). */
export type ExplorerRequest = 'newProject' | 'upload';

/** Options of {@link WorkbenchController}. */
export interface WorkbenchControllerOptions {
  /** Ends the session (the App shows the login again). */
  signOut: () => void;
  /** Where key bindings and layout are kept (default localStorage). */
  storage?: Pick<Storage, 'getItem' | 'setItem'>;
}

/**
 * Everything one signed-in workbench holds outside React: the shared services (commands, keys, status bar, API),
 * the layout, the projects, uploads and job streams, and the shell's own commands. Created after login, disposed at
 * sign-out; `start(window)` attaches it to the page.
 */
export class WorkbenchController implements Disposable {
  readonly services: WorkbenchServices;
  readonly layout: LayoutModel;
  readonly projects: ProjectsModel;
  readonly jobs: JobWatcher;
  readonly uploads: UploadService;
  readonly notifications: NotificationService;
  readonly theme: ThemeModel;
  readonly #reveals = new Map<string, TranscriptReveal>();
  readonly #onDidRequestReveal = new Emitter<TranscriptReveal>();
  readonly #onExplorerRequest = new Emitter<ExplorerRequest>();
  /** Fires when a command asks the explorer for its new-project form or its file dialog. */
  readonly onExplorerRequest = this.#onExplorerRequest.event;
  readonly #onDidRequestDelete = new Emitter<DeleteTarget>();
  /** Fires when someone asks to delete a project, a recording or a transcript (the shell asks for confirmation). */
  readonly onDidRequestDelete = this.#onDidRequestDelete.event;
  readonly #disposables = new DisposableStore();
  readonly #signOut: () => void;

  constructor(api: ApiClient, user: SessionUser, options: WorkbenchControllerOptions) {
    const storage = options.storage ?? globalThis.localStorage;
    this.#signOut = options.signOut;
    const commands = new CommandRegistry();
    const keybindings = this.#disposables.add(new KeybindingService(commands, storage));
    const status = new StatusBarService();
    this.layout = this.#disposables.add(new LayoutModel(storage));
    this.notifications = this.#disposables.add(new NotificationService());
    this.theme = this.#disposables.add(new ThemeModel(storage));
    this.jobs = this.#disposables.add(new JobWatcher(api));
    this.projects = this.#disposables.add(new ProjectsModel(api, this.jobs, storage));
    this.uploads = this.#disposables.add(new UploadService(api, this.jobs, this.projects));
    this.services = {
      api,
      commands,
      keybindings,
      status,
      user,
      openTranscript: (transcriptId, openOptions) => this.openTranscript(transcriptId, openOptions),
      onDidRequestReveal: this.#onDidRequestReveal.event,
      takeReveal: (transcriptId) => {
        const reveal = this.#reveals.get(transcriptId);
        this.#reveals.delete(transcriptId);
        return reveal;
      },
      notify: (kind, message) => this.notifications.notify(kind, message),
      didChangeAccess: () => void this.projects.loadProjects(),
    };
    this.#disposables.add(registerShellCommands(this));
    this.#disposables.add(registerModelCommands(this));
    this.#disposables.add(registerLiveCommands(this));
  }

  /** Opens a transcript's tab and, with `at`, asks it to show that time (or, with `find`, a match there). */
  openTranscript(transcriptId: string, options: OpenTranscriptOptions = {}): void {
    this.layout.openEditor({ kind: 'transcript', transcriptId });
    const { at, find } = options;
    if (at === undefined || !Number.isFinite(at)) return;
    const reveal: TranscriptReveal = find ? { transcriptId, at, find } : { transcriptId, at };
    this.#reveals.set(transcriptId, reveal);
    this.#onDidRequestReveal.fire(reveal);
  }

  /** Shows the explorer and asks it for its new-project form or its file dialog. */
  requestExplorer(request: ExplorerRequest): void {
    this.layout.showView('explorer');
    this.#onExplorerRequest.fire(request);
  }

  /** Asks for confirmation, saying what goes, then deletes (see `DeleteDialog`). */
  requestDelete(target: DeleteTarget): void {
    this.#onDidRequestDelete.fire(target);
  }

  /** Signs out on the server, then hands back to the login. */
  async signOut(): Promise<void> {
    try {
      await this.services.api.post('/api/auth/logout');
    } catch {
      // the session may already be gone; the login page is the right place either way
    }
    this.#signOut();
  }

  /** Attaches to the page: key bindings, online state and job progress in the status bar, the first project list. */
  start(target: Window = window): Disposable {
    const store = new DisposableStore();
    store.add(this.services.keybindings.listen(target));
    store.add(trackShellStatus(this, target));
    // owners and administrators hear when a model version's field quality falls below its own baseline
    store.add(watchQualityAlerts({ api: this.services.api, notify: this.services.notify, projectName: (id) => this.projects.project(id)?.name }));
    void this.projects.loadProjects();
    return store;
  }

  dispose(): void {
    this.#disposables.dispose();
    this.#onDidRequestReveal.dispose();
    this.#onExplorerRequest.dispose();
    this.#onDidRequestDelete.dispose();
  }
}
