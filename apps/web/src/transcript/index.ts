// The transcript editor, its waveform and the review flow, as the workbench shell uses them.
export { TranscriptTab } from './TranscriptTab.tsx';
export { ProblemsPanel } from '../review/ProblemsPanel.tsx';
export { ReviewView } from '../review/ReviewView.tsx';
export { TranscriptWorkbench } from './TranscriptWorkbench.ts';
export type { ActiveTranscript } from './ActiveTranscript.ts';
