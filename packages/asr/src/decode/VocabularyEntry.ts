// The entry contract is declared once, in @verbatim/core; the decoder adds only its own cap.
export { DEFAULT_TOKEN_BOOST, VOCABULARY_LIMITS } from '@verbatim/core';
export type { VocabularyEntry } from '@verbatim/core';

/** Cap on the bonus one phrase can earn, whatever its length and `boost`. */
export const DEFAULT_MAX_PHRASE_BOOST = 20;
