// The transcript model owns the word type; the runtime produces exactly that shape.
export type { Word } from '@verbatim/core';
