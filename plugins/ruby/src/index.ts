import { createPhraseRewriter, definePlugin } from '@verbatim/plugin-sdk';
import { RUBY_IDENTIFIER_RULES } from './rubyIdentifierRules.ts';

/**
 * Ruby and Rails: a vocabulary of the language, Rails, gems, tooling and infrastructure (static, in
 * vocabulary/terms.json, with domain sentences), and the `ruby.identifiers` post-processor that writes names the way
 * Rubyists do ("active record" → "ActiveRecord", "rspec" → "RSpec", "n plus one" → "N+1").
 */
export default definePlugin({
  activate(ctx) {
    ctx.subscriptions.push(ctx.postProcessors.register('ruby.identifiers', createPhraseRewriter(RUBY_IDENTIFIER_RULES)));
  },
});
