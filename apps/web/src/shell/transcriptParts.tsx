import { lazyParts } from '../platform/lazyParts.tsx';

// The transcript editor's parts (src/transcript, beside the shell): the editor tab, the Problems panel and the
// project-wide review list. The shell imports them only through this file, and lazily: Slate, Yjs and wavesurfer
// load after the login, in their own chunk, while the shell is already on screen (the workbench preloads it when idle).
const transcript = lazyParts(() => import('../transcript/index.ts'));

export const preloadTranscriptParts = transcript.preloadWhenIdle;
export const TranscriptTab = transcript.part('TranscriptTab');
export const ProblemsPanel = transcript.part('ProblemsPanel');
export const ReviewView = transcript.part('ReviewView');
