import { Emitter } from '../platform/Emitter.ts';

/** The side bar views of the activity bar, in its order. */
export const VIEW_IDS = ['explorer', 'search', 'review', 'plugins', 'quality', 'vocabulary', 'models', 'live'] as const;
export type ViewId = (typeof VIEW_IDS)[number];

/** What an editor tab shows. */
export type EditorInput =
  | { kind: 'transcript'; transcriptId: string }
  | { kind: 'keybindings' }
  | { kind: 'members'; projectId: string }
  | { kind: 'accounts' }
  | { kind: 'settings' }
  | { kind: 'model-history'; projectId?: string }
  | { kind: 'project-models'; projectId: string }
  // the quality dashboard of a project, or (null) of the whole deployment
  | { kind: 'quality'; projectId: string | null }
  // a live session's operator page (the title, known when opened, names the tab)
  | { kind: 'live'; sessionId: string; title?: string };

/** A tab's identity: opening the same input again focuses its tab. */
export function editorKey(input: EditorInput): string {
  switch (input.kind) {
    case 'transcript':
      return `transcript:${input.transcriptId}`;
    case 'members':
      return `members:${input.projectId}`;
    case 'keybindings':
      return 'keybindings';
    case 'accounts':
      return 'accounts';
    case 'settings':
      return 'settings';
    case 'model-history':
      return input.projectId ? `model-history:${input.projectId}` : 'model-history';
    case 'project-models':
      return `project-models:${input.projectId}`;
    case 'quality':
      return `quality:${input.projectId ?? '*'}`;
    case 'live':
      return `live:${input.sessionId}`;
  }
}

const STORAGE_KEY = 'verbatim.layout';

interface StoredLayout {
  view?: ViewId;
  sidebar?: boolean;
  panel?: boolean;
  sidebarWidth?: number;
  panelHeight?: number;
}

/** Bounds of the side bar's width and the panel's height, in CSS pixels. */
export const SIDEBAR_WIDTH = { min: 170, max: 800, initial: 300 } as const;
export const PANEL_HEIGHT = { min: 80, max: 900, initial: 220 } as const;

function clamp(value: number, bounds: { min: number; max: number }): number {
  return Math.round(Math.min(bounds.max, Math.max(bounds.min, value)));
}

/**
 * The shell's layout: which side bar view shows, whether the side bar and the bottom panel are visible, the open
 * editor tabs and the active one, and whether the command palette is open. View and visibility survive a reload.
 */
export class LayoutModel {
  #view: ViewId = 'explorer';
  #sidebar = true;
  // on a narrow screen the side bar is a drawer over the editor: closed at first and after opening an editor, and
  // never saved over the wide layout's choice
  #narrow = false;
  #wideSidebar = true;
  #panel = true;
  #palette = false;
  #sidebarWidth: number = SIDEBAR_WIDTH.initial;
  #panelHeight: number = PANEL_HEIGHT.initial;
  #tabs: EditorInput[] = [];
  #active: string | undefined;
  readonly #storage: Pick<Storage, 'getItem' | 'setItem'> | undefined;
  readonly #onDidChange = new Emitter<void>();
  /** Fires on every change of the layout. */
  readonly onDidChange = this.#onDidChange.event;

  constructor(storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = globalThis.localStorage) {
    this.#storage = storage;
    try {
      const stored = JSON.parse(storage?.getItem(STORAGE_KEY) ?? '{}') as StoredLayout;
      if (stored.view && (VIEW_IDS as readonly string[]).includes(stored.view)) this.#view = stored.view;
      if (typeof stored.sidebar === 'boolean') this.#sidebar = this.#wideSidebar = stored.sidebar;
      if (typeof stored.panel === 'boolean') this.#panel = stored.panel;
      if (typeof stored.sidebarWidth === 'number') this.#sidebarWidth = clamp(stored.sidebarWidth, SIDEBAR_WIDTH);
      if (typeof stored.panelHeight === 'number') this.#panelHeight = clamp(stored.panelHeight, PANEL_HEIGHT);
    } catch {
      // a damaged setting falls back to the defaults
    }
  }

  get view(): ViewId {
    return this.#view;
  }

  get sidebarVisible(): boolean {
    return this.#sidebar;
  }

  /** Whether the screen is narrow (a phone): the side bar is then a drawer over the editor. */
  get narrow(): boolean {
    return this.#narrow;
  }

  /** Switches between the wide layout and the narrow one, where the side bar starts closed. */
  setNarrow(narrow: boolean): void {
    if (narrow === this.#narrow) return;
    this.#narrow = narrow;
    this.#sidebar = narrow ? false : this.#wideSidebar;
    this.#onDidChange.fire();
  }

  get panelVisible(): boolean {
    return this.#panel;
  }

  get sidebarWidth(): number {
    return this.#sidebarWidth;
  }

  get panelHeight(): number {
    return this.#panelHeight;
  }

  /** Resizes the side bar (clamped to {@link SIDEBAR_WIDTH}). */
  setSidebarWidth(px: number): void {
    this.#sidebarWidth = clamp(px, SIDEBAR_WIDTH);
    this.#changed();
  }

  /** Resizes the bottom panel (clamped to {@link PANEL_HEIGHT}). */
  setPanelHeight(px: number): void {
    this.#panelHeight = clamp(px, PANEL_HEIGHT);
    this.#changed();
  }

  get paletteOpen(): boolean {
    return this.#palette;
  }

  get tabs(): readonly EditorInput[] {
    return this.#tabs;
  }

  /** The key of the active tab, if any tab is open. */
  get activeKey(): string | undefined {
    return this.#active;
  }

  /** The transcript of the active tab, if that tab shows one. */
  get activeTranscriptId(): string | undefined {
    const input = this.#tabs.find((t) => editorKey(t) === this.#active);
    return input?.kind === 'transcript' ? input.transcriptId : undefined;
  }

  /** Shows a side bar view (and the side bar). */
  showView(view: ViewId): void {
    this.#view = view;
    this.#setSidebar(true);
    this.#changed();
  }

  toggleSidebar(visible = !this.#sidebar): void {
    this.#setSidebar(visible);
    this.#changed();
  }

  togglePanel(visible = !this.#panel): void {
    this.#panel = visible;
    this.#changed();
  }

  setPaletteOpen(open: boolean): void {
    if (this.#palette === open) return;
    this.#palette = open;
    this.#onDidChange.fire();
  }

  /** Opens (or focuses) the tab of `input`. */
  openEditor(input: EditorInput): void {
    const key = editorKey(input);
    if (!this.#tabs.some((t) => editorKey(t) === key)) this.#tabs = [...this.#tabs, input];
    this.#active = key;
    // the drawer gives way to what was opened from it
    if (this.#narrow) this.#sidebar = false;
    this.#onDidChange.fire();
  }

  activateEditor(key: string): void {
    if (this.#active === key || !this.#tabs.some((t) => editorKey(t) === key)) return;
    this.#active = key;
    this.#onDidChange.fire();
  }

  /** Closes a tab; closing the active one activates its right neighbour, else its left one. */
  closeEditor(key: string): void {
    const at = this.#tabs.findIndex((t) => editorKey(t) === key);
    if (at < 0) return;
    this.#tabs = this.#tabs.filter((_, i) => i !== at);
    if (this.#active === key) {
      const next = this.#tabs[at] ?? this.#tabs[at - 1];
      this.#active = next ? editorKey(next) : undefined;
    }
    this.#onDidChange.fire();
  }

  /** Activates the tab `delta` places from the active one (wrapping). */
  cycleEditor(delta: number): void {
    if (this.#tabs.length < 2) return;
    const at = this.#tabs.findIndex((t) => editorKey(t) === this.#active);
    const next = this.#tabs[(at + delta + this.#tabs.length) % this.#tabs.length]!;
    this.activateEditor(editorKey(next));
  }

  #setSidebar(visible: boolean): void {
    this.#sidebar = visible;
    if (!this.#narrow) this.#wideSidebar = visible;
  }

  #changed(): void {
    const stored: StoredLayout = {
      view: this.#view,
      sidebar: this.#wideSidebar,
      panel: this.#panel,
      sidebarWidth: this.#sidebarWidth,
      panelHeight: this.#panelHeight,
    };
    try {
      this.#storage?.setItem(STORAGE_KEY, JSON.stringify(stored));
    } catch {
      // private browsing without storage: the layout just does not persist
    }
    this.#onDidChange.fire();
  }

  dispose(): void {
    this.#onDidChange.dispose();
  }
}
