// What the benchmark audio says and who says it. Numbers are spelled out because the bundled model's vocabulary is
// letters, apostrophe and space; the sentence count (41) is prime so that, cycling sentences and voices together,
// no (sentence, voice) pair repeats within the first 41 x VOICES.length utterances.

/** An espeak-ng voice: `-v` argument and speaking rate in words per minute (`-s`). */
export interface BenchVoice {
  voice: string;
  wordsPerMinute: number;
}

export const BENCH_VOICES: readonly BenchVoice[] = [
  { voice: 'en-us', wordsPerMinute: 165 },
  { voice: 'en-gb', wordsPerMinute: 175 },
  { voice: 'en-us+f3', wordsPerMinute: 155 },
  { voice: 'en-gb-scotland+m3', wordsPerMinute: 170 },
  { voice: 'en-gb+f2', wordsPerMinute: 185 },
  { voice: 'en-us-nyc+m5', wordsPerMinute: 160 },
];

export const BENCH_SENTENCES: readonly string[] = [
  'the meeting started late because nobody could find the key to the back office',
  'could you send me the report before lunch on thursday',
  'she walked to the station in the rain and missed the last train by two minutes',
  'we interviewed forty people about how they use public libraries',
  'the patient was given five hundred milligrams of metformin twice a day',
  'my grandmother grew tomatoes beans and potatoes behind the old barn',
  'if the test fails again we should look at the database migration first',
  'the river was so clear that you could count the stones on the bottom',
  'please remember to lock the door and switch off the lights when you leave',
  'in ruby a block passed to each is called once for every element of the array',
  'the committee will publish its findings at the end of the third quarter',
  'he said the coffee tasted like burnt toast but he drank it anyway',
  'our survey had a response rate of about sixty percent',
  'the nurse checked his blood pressure and wrote it on the chart',
  'there are seven days in a week and twelve months in a year',
  'the children built a small boat out of paper and watched it float away',
  'to install the gem run bundle install and then restart the server',
  'participants were asked to describe a typical working day in their own words',
  'it snowed all night and by morning the road was completely blocked',
  'the doctor recommended rest plenty of water and a follow up visit next week',
  'why did the bus stop in the middle of the bridge',
  'the library closes at eight in the evening on weekdays',
  'a good interview question is open and does not suggest an answer',
  'she plays the violin in a quartet that meets every sunday afternoon',
  'the method returns nil when the hash does not contain the key',
  'after the storm the fishermen repaired their nets on the harbour wall',
  'the results suggest that income and education are closely related',
  'i would like a cup of tea with milk and no sugar please',
  'the surgeon explained the risks of the operation in plain language',
  'our train was delayed by forty five minutes because of a signal failure',
  'the garden looked wonderful after a week of warm weather',
  'the interviewer thanked the family for their time and turned off the recorder',
  'antibiotics do not help against a common cold caused by a virus',
  'he spent the whole weekend fixing the leaking roof of the garage',
  'the function should raise an argument error when the input is empty',
  'most of the village came out to watch the parade on saturday',
  'the focus group discussed trust in local government for over an hour',
  'three hundred and twenty one tickets were sold before the doors opened',
  'the cat slept on the warm windowsill while the dog chased its tail',
  'allergies to penicillin should always be noted in the medical record',
  'we will meet again next month to review the progress of the project',
];
