import { createPhraseRewriter, definePlugin } from '@verbatim/plugin-sdk';
import { MEDICAL_CASING_RULES } from './medicalCasingRules.ts';
import { normaliseDosage } from './normaliseDosage.ts';

/**
 * Medicine: a vocabulary of drugs, conditions, anatomy and procedures (static, in vocabulary/terms.json, with domain
 * sentences), and two post-processors: `medical.dosage` ("two point five milligrams" → "2.5 mg") and
 * `medical.casing` ("e c g" → "ECG", "parkinson's" → "Parkinson's").
 */
export default definePlugin({
  activate(ctx) {
    const casing = createPhraseRewriter(MEDICAL_CASING_RULES);
    ctx.subscriptions.push(
      ctx.postProcessors.register('medical.dosage', normaliseDosage),
      ctx.postProcessors.register('medical.casing', casing),
    );
  },
});
