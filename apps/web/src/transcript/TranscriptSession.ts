import { YjsEditor } from '@slate-yjs/core';
import { MESSAGE_SYNC_STEP2_V2, ROOM_SYNC_PARAM, ROOM_SYNC_V2 } from '@verbatim/core';
import { TRANSCRIPT_ROOT, TRANSCRIPT_SCHEMA_VERSION } from '@verbatim/core/document';
import { Awareness, removeAwarenessStates } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { ApiClient } from '../platform/ApiClient.ts';
import { type Disposable, DisposableStore, toDisposable } from '../platform/Disposable.ts';
import { Emitter } from '../platform/Emitter.ts';
import type { ProjectRole, SessionUser } from '../platform/WorkbenchContext.tsx';
import { colorForUser } from './colorForUser.ts';
import { createTranscriptEditor, type CursorData, type TranscriptEditor } from './createTranscriptEditor.ts';
import { describeRoomClosure, type RoomClosure } from './describeRoomClosure.ts';
import { messageAccess, messageDocumentNotice, readAccess, readDocumentNotice, ROOM_SCHEMA_PARAM, type RoomAccess } from './roomProtocol.ts';
import { readSyncStep2V2 } from './readSyncStep2V2.ts';
import type { MediaRecordJson, PluginChangeJson, ProjectRecordJson, TranscriptRecordJson } from './transcriptJson.ts';

/** The collaboration socket's state, as the status bar shows it. */
export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

/** Someone with the transcript open (from awareness). */
export interface Collaborator {
  clientId: number;
  name: string;
  color: string;
  self: boolean;
}

/** The caller's role changed while the transcript was open. */
export interface RoleChange {
  readonly from: ProjectRole;
  readonly to: ProjectRole;
}

/** Options of {@link TranscriptSession}. */
export interface TranscriptSessionOptions {
  /** The y-websocket endpoint (default `ws(s)://<this origin>/yjs`). */
  websocketUrl?: string;
}

/**
 * One open transcript: its records (transcript, project with the caller's role, media, plugin changes), its Y.Doc
 * kept in sync with the server's room over y-websocket (cookie auth, same origin), awareness, and the Slate editor
 * bound to the document once it has synced. `dispose()` leaves the room and releases everything.
 *
 * Access can change while it is open. When the server changes what the socket may do (a role changed) it says so
 * (`messageAccess`): the session takes the new access at once, drops the undo steps the server would now refuse,
 * and reads the project again for the new role ({@link roleChange}). When the server closes the room for good
 * (4401, 4403, 4404, or a budget: 4408, 4429) the session keeps the document as it was, becomes read-only and says
 * why ({@link closure}); a room that needs a newer workbench than this page (4426: the room URL says which document
 * schema this code writes) closes the same way, asking for a reload. A document the server opened read-only for
 * everyone (invalid, or written by a newer schema) is shown read-only with the server's sentence
 * ({@link documentNotice}).
 */
export class TranscriptSession implements Disposable {
  readonly transcriptId: string;
  readonly doc = new Y.Doc();
  readonly awareness = new Awareness(this.doc);
  record: TranscriptRecordJson | undefined;
  project: ProjectRecordJson | undefined;
  media: MediaRecordJson | undefined;
  pluginChanges: PluginChangeJson[] = [];
  editor: TranscriptEditor | undefined;
  state: 'loading' | 'ready' | 'error' = 'loading';
  error: string | undefined;
  connection: ConnectionState = 'connecting';
  collaborators: Collaborator[] = [];
  /** Why the server closed the room for good; the document stays as it was, read-only. Undefined while open. */
  closure: RoomClosure | undefined;
  /** The last role change seen while the transcript was open (a notice says so). */
  roleChange: RoleChange | undefined;
  /** What the server last said the socket may change; undefined until it says (the project's role holds until then). */
  access: RoomAccess | undefined;
  /** Why the server keeps the document read-only for everyone (its own sentence); undefined when it does not. */
  documentNotice: string | undefined;
  readonly #api: ApiClient;
  readonly #user: SessionUser;
  readonly #options: TranscriptSessionOptions;
  readonly #store = new DisposableStore();
  #provider: WebsocketProvider | undefined;
  #disposed = false;
  // only the latest project read after an access change counts
  #roleReads = 0;
  readonly #onDidChange = new Emitter<void>();
  /** Loading finished or failed; the connection, the collaborators, the access or the role changed; the room closed. */
  readonly onDidChange = this.#onDidChange.event;
  readonly #onDidChangeContent = new Emitter<void>();
  /** The document changed (locally or remotely); fired at most every 150 ms. */
  readonly onDidChangeContent = this.#onDidChangeContent.event;

  constructor(api: ApiClient, user: SessionUser, transcriptId: string, options: TranscriptSessionOptions = {}) {
    this.#api = api;
    this.#user = user;
    this.transcriptId = transcriptId;
    this.#options = options;
  }

  /** The caller's role in the transcript's project. */
  get role(): ProjectRole {
    return this.project?.role ?? 'viewer';
  }

  /** Owners and editors change the text, while the room is open and lets them. */
  get canEdit(): boolean {
    return this.closure === undefined && this.documentNotice === undefined && (this.access ?? 'write') === 'write' && (this.role === 'owner' || this.role === 'editor');
  }

  /** Reviewers (and above) accept words, while the room is open and lets them. */
  get canReview(): boolean {
    return this.canEdit || (this.closure === undefined && this.documentNotice === undefined && this.access !== 'read' && (this.role === 'owner' || this.role === 'editor' || this.role === 'reviewer'));
  }

  /**
   * Joins the room again after the server closed it (a budget, or once signed in again); the document's changes made
   * before the close are sent then. Does nothing while the room is open.
   */
  reconnect(): void {
    if (this.closure === undefined || this.#disposed) return;
    this.closure = undefined;
    this.#provider?.connect();
    this.#onDidChange.fire();
  }

  /** The user this session edits as. */
  get user(): SessionUser {
    return this.#user;
  }

  /** Loads the records and joins the room (both at once), then binds the editor once the document has synced. */
  async load(): Promise<void> {
    try {
      const id = encodeURIComponent(this.transcriptId);
      // the room does not wait for the records: syncing a long document is the slow part
      const joined = this.#join();
      this.record = await this.#api.get<TranscriptRecordJson>(`/api/transcripts/${id}?turns=0`);
      const [project, media, changes] = await Promise.all([
        this.#api.get<ProjectRecordJson>(`/api/projects/${encodeURIComponent(this.record.projectId)}`),
        this.#api.get<MediaRecordJson>(`/api/media/${encodeURIComponent(this.record.mediaId)}`).catch(() => undefined),
        this.#api.get<{ changes: PluginChangeJson[] }>(`/api/transcripts/${id}/plugin-changes`).catch(() => ({ changes: [] })),
      ]);
      this.project = project;
      this.media = media;
      this.pluginChanges = changes.changes;
      if (this.#disposed) return;
      this.#onDidChange.fire();
      await joined;
      if (this.#disposed) return;
      // closed before the document ever arrived: there is nothing to show
      if (this.editor === undefined && this.closure !== undefined) throw new Error(this.closure.message);
      this.state = 'ready';
    } catch (error) {
      if (this.#disposed) return;
      this.state = 'error';
      this.error = error instanceof Error ? error.message : String(error);
      // a transcript that cannot be read has no room to stay in
      this.#provider?.disconnect();
    }
    this.#onDidChange.fire();
  }

  async #join(): Promise<void> {
    const url = this.#options.websocketUrl ?? `${location.origin.replace(/^http/, 'ws')}/yjs`;
    // no BroadcastChannel: every change goes through the server, which enforces the caller's role
    // the schema this code writes: a room holding a newer one closes with 4426 instead of taking our changes
    // and that it reads the document's sync as a Yjs V2 update (half the bytes of a V1 one on a long transcript)
    const params = { [ROOM_SCHEMA_PARAM]: String(TRANSCRIPT_SCHEMA_VERSION), [ROOM_SYNC_PARAM]: ROOM_SYNC_V2 };
    const provider = new WebsocketProvider(url, this.transcriptId, this.doc, { awareness: this.awareness, disableBc: true, params });
    this.#provider = provider;
    this.#sendLocalUpdatesOnceSynced(provider);
    const onStatus = ({ status }: { status: ConnectionState }) => {
      this.connection = status;
      this.#onDidChange.fire();
    };
    provider.on('status', onStatus);
    this.#store.add(toDisposable(() => provider.off('status', onStatus)));
    // y-websocket has stopped reconnecting (4400-4499): nothing more is sent or received
    const onClosed = ({ code, reason }: { code: number; reason: string }) => this.#close(describeRoomClosure(code, reason));
    provider.on('closed', onClosed);
    this.#store.add(toDisposable(() => provider.off('closed', onClosed)));
    provider.messageHandlers[messageAccess] = (_encoder, decoder) => {
      const access = readAccess(decoder);
      if (access !== undefined) this.#changeAccess(access);
    };
    provider.messageHandlers[messageDocumentNotice] = (_encoder, decoder) => this.#readOnlyDocument(readDocumentNotice(decoder));
    // the server's sync step 2 replies (the first, whole document, and any after a reconnect): they mark it synced
    provider.messageHandlers[MESSAGE_SYNC_STEP2_V2] = readSyncStep2V2;
    const onAwareness = () => this.#readCollaborators();
    this.awareness.on('change', onAwareness);
    this.#store.add(toDisposable(() => this.awareness.off('change', onAwareness)));

    await new Promise<void>((resolve) => {
      if (provider.synced) return resolve();
      const onSync = (synced: boolean) => {
        if (!synced) return;
        provider.off('sync', onSync);
        resolve();
      };
      // closed before it synced: load() says why instead of waiting for ever
      const onClosed = () => resolve();
      provider.on('sync', onSync);
      provider.on('closed', onClosed);
      this.#store.add(toDisposable(() => (provider.off('sync', onSync), provider.off('closed', onClosed), resolve())));
    });
    if (this.#disposed || this.closure !== undefined) return;

    const cursor: CursorData = { name: this.#user.displayName || this.#user.email, color: colorForUser(this.#user.id), userId: this.#user.id };
    const editor = createTranscriptEditor(this.doc.get(TRANSCRIPT_ROOT, Y.XmlText), this.awareness, cursor);
    YjsEditor.connect(editor);
    this.editor = editor;
    this.#store.add(toDisposable(() => YjsEditor.connected(editor) && YjsEditor.disconnect(editor)));

    // Listeners (flagged words, the playback index, waveform regions, the Problems panel) walk the whole document:
    // run them once typing pauses, not every few keystrokes, so they never sit between a key and its paint.
    // (at most 2 s late, so a room where someone is always typing still updates)
    let timer: ReturnType<typeof setTimeout> | undefined;
    let pendingSince: number | undefined;
    const onContent = () => {
      const now = performance.now();
      pendingSince ??= now;
      clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        pendingSince = undefined;
        this.#onDidChangeContent.fire();
      }, Math.max(0, Math.min(400, pendingSince + 2000 - now)));
    };
    const root = this.doc.get(TRANSCRIPT_ROOT, Y.XmlText);
    root.observeDeep(onContent);
    this.#store.add(toDisposable(() => (root.unobserveDeep(onContent), clearTimeout(timer))));
    this.#readCollaborators();
  }

  // While a Y.Doc has an `update` listener, Yjs encodes every transaction as an update for it, the first sync's
  // whole document included (0.18 s on a 3-hour transcript), although the provider sends only updates that are not
  // its own. Nothing local happens before the first sync (the editor is bound after it), and changes made while
  // disconnected later go out in the sync step that follows a reconnect, so the provider listens from then on.
  #sendLocalUpdatesOnceSynced(provider: WebsocketProvider): void {
    this.doc.off('update', provider._updateHandler);
    const onSync = (synced: boolean) => {
      if (!synced) return;
      provider.off('sync', onSync);
      this.doc.on('update', provider._updateHandler);
    };
    provider.on('sync', onSync);
    this.#store.add(toDisposable(() => provider.off('sync', onSync)));
  }

  #close(closure: RoomClosure): void {
    if (this.#disposed) return;
    this.closure = closure;
    this.#onDidChange.fire();
  }

  #readOnlyDocument(notice: string): void {
    if (this.#disposed || notice === this.documentNotice) return;
    this.documentNotice = notice;
    // nothing this tab did before may be undone into a document no one may change
    this.editor?.undoManager.clear();
    this.#onDidChange.fire();
  }

  #changeAccess(access: RoomAccess): void {
    if (this.#disposed || access === this.access) return;
    const [couldEdit, couldReview] = [this.canEdit, this.canReview];
    this.access = access;
    // undoing an edit (or a review mark) made before would be a change the server now refuses
    if ((couldEdit && !this.canEdit) || (couldReview && !this.canReview)) this.editor?.undoManager.clear();
    this.#onDidChange.fire();
    void this.#readRole();
  }

  // the access says what the socket may do; the project says the role the rest of the workbench goes by
  async #readRole(): Promise<void> {
    const projectId = this.record?.projectId;
    if (projectId === undefined) return;
    const read = ++this.#roleReads;
    let project: ProjectRecordJson;
    try {
      project = await this.#api.get<ProjectRecordJson>(`/api/projects/${encodeURIComponent(projectId)}`);
    } catch {
      // removed from the project meanwhile: the room's closure says so
      return;
    }
    if (this.#disposed || read !== this.#roleReads) return;
    const from = this.role;
    this.project = project;
    if (project.role !== from) this.roleChange = { from, to: project.role };
    this.#onDidChange.fire();
  }

  #readCollaborators(): void {
    const list: Collaborator[] = [];
    for (const [clientId, state] of this.awareness.getStates()) {
      const data = (state as { data?: Partial<CursorData> }).data;
      if (!data?.name) continue;
      list.push({ clientId, name: data.name, color: data.color ?? '#888', self: clientId === this.doc.clientID });
    }
    const same = list.length === this.collaborators.length && list.every((c, i) => c.clientId === this.collaborators[i]?.clientId && c.name === this.collaborators[i]?.name);
    if (same) return;
    this.collaborators = list;
    this.#onDidChange.fire();
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    // tell the others we left before the socket closes
    removeAwarenessStates(this.awareness, [this.doc.clientID], 'local');
    this.#store.dispose();
    this.#provider?.destroy();
    this.awareness.destroy();
    this.doc.destroy();
    this.#onDidChange.dispose();
    this.#onDidChangeContent.dispose();
  }
}
