import { CaptionJson, CaptionWordJson, CreateLiveSessionBody, LiveSessionJson, LiveSessionStateJson, StopLiveSessionBody } from '@verbatim/core/api';
import { z } from 'zod';

/** `GET /api/projects/:id/live-sessions`. */
export const LiveSessionListResponse = z.object({ liveSessions: z.array(LiveSessionJson) });

/** The schemas of live sessions by their OpenAPI component name. */
export const LIVE_API_COMPONENTS: Readonly<Record<string, z.ZodType>> = {
  LiveSessionState: LiveSessionStateJson,
  LiveSession: LiveSessionJson,
  LiveSessionList: LiveSessionListResponse,
  CreateLiveSessionBody,
  StopLiveSessionBody,
  Caption: CaptionJson,
  CaptionWord: CaptionWordJson,
};
