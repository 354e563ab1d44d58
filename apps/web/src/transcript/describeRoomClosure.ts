import { ROOM_CLOSE_CODES, ROOM_CLOSE_REASONS } from './roomProtocol.ts';

/** Why the server closed a transcript's room for good, as the editor's notice tells it. */
export interface RoomClosure {
  readonly code: number;
  readonly reason: string;
  /** What happened and what to do about it, in a sentence or two. */
  readonly message: string;
  /**
   * What the notice offers: `sign-in` (the session ended), `reconnect` (a budget or a slow link: trying again may
   * work), `reload` (this workbench writes an older document schema than the room's: only a fresh page will do), or
   * nothing (it takes the project's owner, or the transcript is gone).
   */
  readonly action: 'sign-in' | 'reconnect' | 'reload' | undefined;
}

/** The notice for a room closed with `code` (4400-4499: y-websocket has stopped reconnecting) and `reason`. */
export function describeRoomClosure(code: number, reason: string): RoomClosure {
  const closure = (message: string, action: RoomClosure['action']): RoomClosure => ({ code, reason, message, action });
  switch (code) {
    case ROOM_CLOSE_CODES.unauthenticated:
      return closure('Your session ended (you signed out, your password was changed or your account was deactivated), so this transcript is read-only here. Sign in again to keep working.', 'sign-in');
    case ROOM_CLOSE_CODES.forbidden:
      return reason === 'password-change-required'
        ? closure('Your account must change its password before it can open transcripts. Sign in again to change it.', 'sign-in')
        : closure("Your role in this project no longer lets you open this transcript, so it is read-only here. Ask the project's owner for access.", undefined);
    case ROOM_CLOSE_CODES.notFound:
      if (reason === ROOM_CLOSE_REASONS.transcriptDeleted) return closure('This transcript was deleted (itself, with its recording or with its project). What you see is all that is left of it: close this tab.', undefined);
      if (reason === ROOM_CLOSE_REASONS.notAMember) return closure("You were removed from this project, so this transcript is read-only here and no longer updates. Ask the project's owner to add you again.", undefined);
      return closure("This transcript is no longer yours to open: it was deleted, or you were removed from its project. Ask the project's owner.", undefined);
    case ROOM_CLOSE_CODES.reloadRequired:
      if (reason === ROOM_CLOSE_REASONS.serverOlder) return closure('This workbench is newer than the server, which reads transcripts in an older format, so this tab may not change this one. Reload the page once the server has been upgraded.', 'reload');
      return closure('This workbench is out of date — reload the page. The server keeps transcripts in a newer format than this tab writes, so it may not change this one.', 'reload');
    case ROOM_CLOSE_CODES.rateLimited:
      return closure('The server closed the connection: this tab sent too much too quickly. Your changes so far are kept and sent when you reconnect.', 'reconnect');
    case ROOM_CLOSE_CODES.tooSlow:
      return closure('The server closed the connection: this tab fell too far behind. Your changes so far are kept and sent when you reconnect.', 'reconnect');
    default:
      return closure(`The server closed the connection (${code}${reason ? `: ${reason}` : ''}). Your changes so far are kept and sent when you reconnect.`, 'reconnect');
  }
}
