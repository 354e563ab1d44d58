import { describe, expect, it } from 'vitest';
import { describeRoomClosure } from './describeRoomClosure.ts';
import { ROOM_CLOSE_CODES, ROOM_CLOSE_REASONS } from './roomProtocol.ts';

describe('describeRoomClosure', () => {
  it('tells each permanent closure apart and offers what can be done about it', () => {
    const cases = [
      [ROOM_CLOSE_CODES.unauthenticated, 'session-ended', /session ended.*Sign in again/, 'sign-in'],
      [ROOM_CLOSE_CODES.forbidden, 'forbidden', /role .* no longer .*Ask the project's owner/, undefined],
      [ROOM_CLOSE_CODES.forbidden, 'password-change-required', /change its password/, 'sign-in'],
      [ROOM_CLOSE_CODES.notFound, ROOM_CLOSE_REASONS.notAMember, /removed from this project.*Ask the project's owner/, undefined],
      [ROOM_CLOSE_CODES.notFound, ROOM_CLOSE_REASONS.transcriptDeleted, /was deleted.*close this tab/, undefined],
      [ROOM_CLOSE_CODES.notFound, '', /deleted, or you were removed/, undefined],
      [ROOM_CLOSE_CODES.reloadRequired, ROOM_CLOSE_REASONS.clientOlder, /^This workbench is out of date — reload the page\./, 'reload'],
      [ROOM_CLOSE_CODES.reloadRequired, ROOM_CLOSE_REASONS.serverOlder, /^This workbench is newer than the server.*once the server has been upgraded/, 'reload'],
      [ROOM_CLOSE_CODES.rateLimited, 'too many messages', /too much too quickly.*reconnect/, 'reconnect'],
      [ROOM_CLOSE_CODES.tooSlow, 'too many bytes wait', /fell too far behind.*reconnect/, 'reconnect'],
      [4499, 'made up', /\(4499: made up\)/, 'reconnect'],
    ] as const;
    for (const [code, reason, message, action] of cases) {
      expect(describeRoomClosure(code, reason)).toEqual({ code, reason, message: expect.stringMatching(message), action });
    }
  });
});
