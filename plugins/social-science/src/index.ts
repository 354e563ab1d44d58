import { createPhraseRewriter, definePlugin } from '@verbatim/plugin-sdk';
import { SOCIAL_TERM_RULES } from './socialTermRules.ts';

/**
 * Social-science research: a vocabulary of methods, statistics, theory, poverty and welfare (static, in
 * vocabulary/terms.json, with domain sentences), and the `social.terms` post-processor that hyphenates and
 * capitalises terms as journals print them ("p value" → "p-value", "semi structured" → "semi-structured",
 * "gini coefficient" → "Gini coefficient", "r c t" → "RCT").
 */
export default definePlugin({
  activate(ctx) {
    ctx.subscriptions.push(ctx.postProcessors.register('social.terms', createPhraseRewriter(SOCIAL_TERM_RULES)));
  },
});
