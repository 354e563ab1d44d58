/** Why a vocabulary change was refused. */
export type VocabularyStoreErrorCode = 'too-many-entries' | 'duplicate-phrase';

/** A vocabulary change the store refused; nothing was written. */
export class VocabularyStoreError extends Error {
  override readonly name = 'VocabularyStoreError';
  readonly code: VocabularyStoreErrorCode;

  constructor(code: VocabularyStoreErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
