import { lazy } from 'react';

// The transcript editor's parts (src/transcript, beside the shell): the editor tab, the Problems panel and the
// project-wide review list. The shell imports them only through this file, and lazily: Slate, Yjs and wavesurfer
// load after the login, in their own chunk, while the shell is already on screen.
const load = () => import('../transcript/index.ts');

export const TranscriptTab = lazy(() => load().then((m) => ({ default: m.TranscriptTab })));
export const ProblemsPanel = lazy(() => load().then((m) => ({ default: m.ProblemsPanel })));
export const ReviewView = lazy(() => load().then((m) => ({ default: m.ReviewView })));
