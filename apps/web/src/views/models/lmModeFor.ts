import type { InstalledModelJson, LmModeJson } from '@verbatim/core/api';

/**
 * The language model mode a transcription with `model` can use: what was chosen, unless the model brings no word
 * language model, when only "off" works (the server refuses "base" and "adapted" for it). `model` undefined (the
 * project's default, or a list not loaded) leaves the choice as it is.
 */
export function lmModeFor(model: Pick<InstalledModelJson, 'hasLm'> | undefined, chosen: LmModeJson): LmModeJson {
  return model && !model.hasLm ? 'off' : chosen;
}
