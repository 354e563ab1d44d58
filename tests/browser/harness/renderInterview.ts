// A short two-person interview for the readable-transcript tests: questions and answers spoken by two clearly
// different synthetic voices, joined by sox with short pauses between the turns.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { renderSpeech } from '../../eval/renderSpeech.ts';

/** One turn of the interview: who asks or answers (0 = interviewer, 1 = interviewee) and what they say. */
export interface InterviewTurn {
  speaker: 0 | 1;
  text: string;
}

/** Eight turns, the interviewer's questions and the interviewee's answers. */
export const INTERVIEW_TURNS: readonly InterviewTurn[] = [
  { speaker: 0, text: 'Where did you grow up?' },
  { speaker: 1, text: 'I grew up in a small town near the river. My father worked at the mill for thirty years.' },
  { speaker: 0, text: 'What was the town like when you were young?' },
  { speaker: 1, text: 'It was quiet and everybody knew each other. We walked to school every morning.' },
  { speaker: 0, text: 'Why did you leave?' },
  { speaker: 1, text: 'The mill closed and there was no work. So we moved to the city in the winter.' },
  { speaker: 0, text: 'Do you ever go back?' },
  { speaker: 1, text: 'Yes, I visit my sister every summer. The river is still beautiful.' },
];

/**
 * The two voices, chosen because the diarization tells them apart on this interview (tried with
 * `npx verbatim transcribe --speakers auto` against flite/espeak-ng pairs; this one kept all eight turns apart):
 * espeak-ng's female US variant asks, its male US voice answers.
 */
export const INTERVIEW_VOICES = ['espeak:en-us+f2', 'espeak:en-us'] as const;

/**
 * Renders the interview to `dir/interview-two-voices.wav` (16 kHz mono; 0.7 s of silence between turns) and returns
 * its path. `voices` overrides the pair (for trying others).
 * @throws when espeak-ng, flite or sox is missing or fails.
 */
export function renderInterview(dir: string, voices: readonly [string, string] = INTERVIEW_VOICES, turns: readonly InterviewTurn[] = INTERVIEW_TURNS): string {
  const out = join(dir, 'interview-two-voices.wav');
  const gap = join(dir, 'gap.wav');
  execFileSync('sox', ['-n', '-r', '16000', '-c', '1', '-b', '16', gap, 'trim', '0', '0.7']);
  const parts = turns.flatMap((turn, i) => [...(i === 0 ? [] : [gap]), renderSpeech(turn.text, voices[turn.speaker], dir)]);
  execFileSync('sox', [...parts, out]);
  return out;
}
