import type { ApiTokenScope } from '../auth/ApiTokenScope.ts';

/**
 * The API's routes that an API token with less than the `write` scope may call beyond reading (every GET needs only
 * `read`; every other route needs `write`): what a transcription script does. `requireTokenScope` enforces it, and a
 * test checks each entry against the routes of the OpenAPI document.
 */
export const TOKEN_SCOPE_ROUTES: Readonly<Record<string, ApiTokenScope>> = Object.freeze({
  'POST /api/projects/:id/media': 'transcribe',
  'POST /api/projects/:id/jobs': 'transcribe',
  'POST /api/jobs/:id/cancel': 'transcribe',
  'POST /api/projects/:id/live-sessions': 'transcribe',
  'POST /api/live-sessions/:id/stop': 'transcribe',
  'POST /api/live-sessions/:id/viewer-link': 'transcribe',
});
