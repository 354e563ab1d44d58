import { describe, expect, it } from 'vitest';
import { importOptionalPeer } from './importOptionalPeer.ts';

describe('importOptionalPeer', () => {
  it('returns the module when the package is installed', async () => {
    const asr = await importOptionalPeer<typeof import('@verbatim/asr')>('@verbatim/asr', 'checkVocabulary');
    expect(typeof asr.createVocabularyGraph).toBe('function');
  });

  it('names the missing package, who needs it and how to install it', async () => {
    const failure = importOptionalPeer('@verbatim/not-installed-peer/node', 'checkVocabulary');
    await expect(failure).rejects.toThrow(
      /^checkVocabulary needs @verbatim\/not-installed-peer, an optional peer dependency of @verbatim\/plugin-sdk that is not installed\. Install it beside the SDK \(npm install --save-dev @verbatim\/not-installed-peer\)/u,
    );
  });

  it('rethrows a missing module that is not the package itself', async () => {
    // a relative module that does not exist: not the peer's absence, so no install advice
    await expect(importOptionalPeer('./no-such-module.js', 'checkVocabulary')).rejects.not.toThrow(/optional peer dependency/u);
  });
});
