import type { CreateLiveSessionBody, LiveSessionJson, LiveViewerLinkJson, StopLiveSessionBody } from '@verbatim/core/api';
import type { ApiClient } from '../../platform/ApiClient.ts';
import { Emitter } from '../../platform/Emitter.ts';

const instances = new WeakMap<ApiClient, LiveService>();

/**
 * Live sessions over the REST API (`/api/projects/:id/live-sessions`, `/api/live-sessions/:id`…), one per API client:
 * the Live view, the Start dialog and the operator pages hear of every session changed here, and the viewer link's
 * URL (shown by the server only when made) is kept for the page that made it.
 */
export class LiveService {
  readonly #api: ApiClient;
  readonly #viewerUrls = new Map<string, string>();
  readonly #autostart = new Set<string>();
  readonly #startRequests = new Set<string>();
  readonly #onDidChangeSession = new Emitter<LiveSessionJson>();
  /** A session was started, stopped or changed from this workbench. */
  readonly onDidChangeSession = this.#onDidChangeSession.event;
  readonly #onDidRequestStart = new Emitter<string>();
  /** A command asked for the Start Live Session form of a project. */
  readonly onDidRequestStart = this.#onDidRequestStart.event;

  private constructor(api: ApiClient) {
    this.#api = api;
  }

  /** The service of this API client (created on first use). */
  static for(api: ApiClient): LiveService {
    let service = instances.get(api);
    if (!service) {
      service = new LiveService(api);
      instances.set(api, service);
    }
    return service;
  }

  async list(projectId: string, signal?: AbortSignal): Promise<LiveSessionJson[]> {
    return (await this.#api.get<{ liveSessions: LiveSessionJson[] }>(`/api/projects/${encodeURIComponent(projectId)}/live-sessions`, signal)).liveSessions;
  }

  get(sessionId: string, signal?: AbortSignal): Promise<LiveSessionJson> {
    return this.#api.get<LiveSessionJson>(`/api/live-sessions/${encodeURIComponent(sessionId)}`, signal);
  }

  /** Starts a session; its operator page, opened next, starts capturing at once (see {@link takeAutostart}). */
  async start(projectId: string, body: CreateLiveSessionBody): Promise<LiveSessionJson> {
    const session = await this.#api.post<LiveSessionJson>(`/api/projects/${encodeURIComponent(projectId)}/live-sessions`, body);
    this.#autostart.add(session.id);
    return this.#changed(session);
  }

  /** Stops a session; resolves once its recording and transcript are made (ended) or that failed. */
  async stop(sessionId: string, body: StopLiveSessionBody): Promise<LiveSessionJson> {
    return this.#changed(await this.#api.post<LiveSessionJson>(`/api/live-sessions/${encodeURIComponent(sessionId)}/stop`, body));
  }

  /** A new viewer link (the previous one stops working at once). */
  async createViewerLink(sessionId: string): Promise<LiveViewerLinkJson> {
    const link = await this.#api.post<LiveViewerLinkJson>(`/api/live-sessions/${encodeURIComponent(sessionId)}/viewer-link`);
    this.#viewerUrls.set(sessionId, link.url);
    return link;
  }

  /** Revokes the viewer link: caption screens showing it stop at once. */
  async revokeViewerLink(sessionId: string): Promise<void> {
    await this.#api.delete(`/api/live-sessions/${encodeURIComponent(sessionId)}/viewer-link`);
    this.#viewerUrls.delete(sessionId);
  }

  /** The viewer link made from this workbench, while it is the session's link. */
  viewerUrl(sessionId: string): string | undefined {
    return this.#viewerUrls.get(sessionId);
  }

  /** Whether the session was just started here (its page then captures without another click); answered once. */
  takeAutostart(sessionId: string): boolean {
    return this.#autostart.delete(sessionId);
  }

  /** Asks the Live view for its Start Live Session form for a project (a command's way to ask). */
  requestStart(projectId: string): void {
    this.#startRequests.add(projectId);
    this.#onDidRequestStart.fire(projectId);
  }

  /** Whether the start form of a project was asked for and not yet shown (a view that mounts later reads it); answered once. */
  takeStartRequest(projectId: string): boolean {
    return this.#startRequests.delete(projectId);
  }

  /** A session read elsewhere (the operator page's poll) changed. */
  didChange(session: LiveSessionJson): void {
    this.#onDidChangeSession.fire(session);
  }

  #changed(session: LiveSessionJson): LiveSessionJson {
    this.#onDidChangeSession.fire(session);
    return session;
  }
}
