import { z } from 'zod';

/** Who spoke when: found from the audio (`auto`), an expected number of speakers (1-16), or not at all (`off`). */
export const SpeakersSettingJson = z
  .union([z.enum(['auto', 'off']), z.int().min(1).max(16)])
  .describe('"auto" finds the speakers from the audio, a number (1-16) says how many to expect, "off" skips diarization.');

/** A project's transcription settings (`GET`/`PUT /api/projects/:id/transcription-settings`), applied to its new jobs. */
export const TranscriptionSettingsJson = z.object({
  punctuate: z.boolean().describe("Restore punctuation and capitals with the model's punctuation model (where it has one). Default true."),
  speakers: SpeakersSettingJson.describe('Speaker diarization. Default "auto".'),
});

/** `PUT` of transcription settings: any of them. */
export const TranscriptionSettingsPatchBody = TranscriptionSettingsJson.partial()
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: 'Give at least one setting to change (punctuate, speakers).' })
  .meta({ minProperties: 1 });

export type SpeakersSettingJson = z.infer<typeof SpeakersSettingJson>;
export type TranscriptionSettingsJson = z.infer<typeof TranscriptionSettingsJson>;
export type TranscriptionSettingsPatchBody = z.infer<typeof TranscriptionSettingsPatchBody>;
