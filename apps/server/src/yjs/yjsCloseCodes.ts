// The close codes and reasons are part of the room protocol the workbench reads too: declared once, in core.
import { ROOM_CLOSE_CODES, ROOM_CLOSE_REASONS } from '@verbatim/core';

/** WebSocket close codes the collaboration endpoint ends connections with (see core's `ROOM_CLOSE_CODES`). */
export const YJS_CLOSE_CODES = ROOM_CLOSE_CODES;

/** Close reasons of a 4404 on a connection that was open (see core's `ROOM_CLOSE_REASONS`). */
export const YJS_CLOSE_REASONS = ROOM_CLOSE_REASONS;
