import { MESSAGE_ACCESS } from '@verbatim/core';
import * as encoding from 'lib0/encoding';
import type { YjsAccess } from './YjsRoom.ts';

/** y-websocket message types (first varUint of every message). */
export const messageSync = 0;
export const messageAwareness = 1;
export const messageAuth = 2;
export const messageQueryAwareness = 3;
/** Verbatim's own, server to client only: what the connection may now do (core's `MESSAGE_ACCESS`). */
export const messageAccess = MESSAGE_ACCESS;

/** Writes a {@link messageAccess} message. */
export function writeAccess(encoder: encoding.Encoder, access: YjsAccess): void {
  encoding.writeVarUint(encoder, messageAccess);
  encoding.writeVarString(encoder, access);
}
