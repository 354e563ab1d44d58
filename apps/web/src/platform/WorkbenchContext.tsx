import type { ProjectRoleJson, UserJson } from '@verbatim/core/api';
import { createContext, useContext } from 'react';
import type { ApiClient } from './ApiClient.ts';
import type { CommandRegistry } from './CommandRegistry.ts';
import type { Event } from './Emitter.ts';
import type { KeybindingService } from './KeybindingService.ts';
import type { StatusBarService } from './StatusBarService.ts';

/** The signed-in user as GET /api/me and POST /api/auth/login return it (core's wire contract). */
export type SessionUser = UserJson;

/** A project role on the server (owner > editor > reviewer > viewer). */
export type ProjectRole = ProjectRoleJson;

/** Text to select in a transcript (a search match): its `occurrence`-th match (0 = first) in the paragraph starting at `at`. */
export interface TranscriptFind {
  text: string;
  occurrence: number;
}

/** What {@link WorkbenchServices.openTranscript} may ask the transcript's tab to show. */
export interface OpenTranscriptOptions {
  /** A word's start time in seconds: the word there is selected and scrolled to (a flagged one is played). */
  at?: number;
  /** With `at`: select this text in the paragraph that starts there instead (a search result). */
  find?: TranscriptFind;
}

/** `openTranscript(id, { at, find })` asking a transcript's tab to show (select and scroll to) a word or a match. */
export interface TranscriptReveal {
  transcriptId: string;
  at: number;
  find?: TranscriptFind;
}

/** The services every part of the workbench shares (one instance per page). */
export interface WorkbenchServices {
  api: ApiClient;
  commands: CommandRegistry;
  keybindings: KeybindingService;
  status: StatusBarService;
  user: SessionUser;
  /** Opens a transcript in an editor tab (and focuses it), optionally at a word's start time or a search match. */
  openTranscript(transcriptId: string, options?: OpenTranscriptOptions): void;
  /**
   * Fires when `openTranscript(id, { at })` asks for a time in a transcript whose tab is already mounted. The shell
   * provides it; optional so that tests can build services without it.
   */
  onDidRequestReveal?: Event<TranscriptReveal>;
  /**
   * What the last `openTranscript(id, { at })` asked for, handed out once: a tab that mounts (or finishes loading)
   * after the request reads it with this, then listens to `onDidRequestReveal` for later ones.
   */
  takeReveal?(transcriptId: string): TranscriptReveal | undefined;
  /** Shows a short message (errors stay until dismissed). */
  notify(kind: 'info' | 'error', message: string): void;
  /**
   * An open transcript learned that the user's access to its project changed (a new role, removed from the project, the
   * transcript deleted): the shell reads its projects again. Optional so that tests can build services without it.
   */
  didChangeAccess?(projectId: string): void;
}

export const WorkbenchContext = createContext<WorkbenchServices | undefined>(undefined);

export function useWorkbench(): WorkbenchServices {
  const services = useContext(WorkbenchContext);
  if (!services) throw new Error('useWorkbench outside the workbench');
  return services;
}
