/** What was wrong with the input to a quality measure. */
export type QualityMeasureErrorCode = 'length-mismatch' | 'invalid-value';

/** Bad input to a quality measure (`reliabilityBins`, `auroc`, `wilsonInterval`, …); `code` says which check failed. */
export class QualityMeasureError extends Error {
  override readonly name = 'QualityMeasureError';
  readonly code: QualityMeasureErrorCode;

  constructor(code: QualityMeasureErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
