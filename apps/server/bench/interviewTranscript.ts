// A transcript the size of a real one: a 60-90-minute research interview is 10,000-15,000 words, in turns of two
// speakers (short questions, long answers), with the recogniser's timings and confidences on every word.
import type { Segment } from '@verbatim/core';

const QUESTIONS = [
  'could you tell me a little about how you started working here',
  'what did a normal week look like for you back then',
  'how did the people around you react when the changes came in',
  'was there a moment when you thought about leaving',
  'can you say more about what made that so difficult',
  'who did you go to when something went wrong',
  'how has that changed over the last few years',
];

const ANSWERS = [
  'well it was a long time ago now but I remember the first morning very clearly because nobody had told me where to go',
  'we used to meet on Tuesdays in the small room at the back and go through the budget line by line until everyone agreed',
  'to be honest most of the problems came from the schedule rather than the work itself which people often forget',
  'my manager at the time was supportive although she had eleven other projects and could not always answer the phone',
  'after the reorganisation the archive moved upstairs and we lost about three weeks just finding things again',
  'I think the hardest part was explaining to families why the service had changed when we did not fully understand it ourselves',
  'some of my colleagues handled it better than others and a couple of them retired early which I understand completely',
  'there were evenings when I stayed until nine o\'clock writing reports that I was fairly sure nobody would read',
  'the committee asked for detailed figures every quarter and preparing them took most of the first week of each month',
  'looking back I would have pushed harder for proper training because we were learning the new system as we went along',
];

/**
 * About `words` words of interview: an interviewer's question, then an answer of 80-260 words, alternately, at 2.7
 * words a second (12,000 words is about 74 minutes). Deterministic; confidences spread over 0.35-0.99 with one word
 * in twelve below 0.6, as a recogniser gives them.
 */
export function interviewTranscript(words: number): Segment[] {
  const segments: Segment[] = [];
  let spoken = 0;
  let time = 1.5;
  for (let turn = 0; spoken < words; turn++) {
    const interviewer = turn % 2 === 0;
    const target = Math.min(words - spoken, interviewer ? 12 + (turn % 5) * 3 : 80 + ((turn * 37) % 181));
    const bank = interviewer ? QUESTIONS : ANSWERS;
    const text: string[] = [];
    for (let s = turn; text.length < target; s += 3) text.push(...bank[s % bank.length]!.split(' '));
    const start = time;
    const segmentWords = text.slice(0, target).map((word, i) => {
      const n = spoken + i;
      const wordStart = time;
      time += 0.25 + (word.length % 5) * 0.05;
      const confidence = n % 12 === 5 ? 0.35 + ((n * 7) % 25) / 100 : 0.6 + ((n * 13) % 40) / 100;
      return { text: word, start: wordStart, end: time - 0.04, confidence: Math.round(confidence * 1000) / 1000 };
    });
    spoken += segmentWords.length;
    segments.push({ speaker: interviewer ? 'Interviewer' : 'Participant', start, end: time, words: segmentWords });
    time += 0.8;
  }
  return segments;
}
