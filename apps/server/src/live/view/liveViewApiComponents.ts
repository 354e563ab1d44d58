import { LiveViewerLinkJson, LiveViewJson } from '@verbatim/core/api';
import type { z } from 'zod';

/** The schemas of viewer links and what they open, by their OpenAPI component name. */
export const LIVE_VIEW_API_COMPONENTS: Readonly<Record<string, z.ZodType>> = {
  LiveViewerLink: LiveViewerLinkJson,
  LiveView: LiveViewJson,
};
