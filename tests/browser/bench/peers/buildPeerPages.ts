// One page per peer editor (BBC's two transcript editors), bundled with esbuild for the browser with their own React 16
// (`react` -> the react16 alias), so they run beside the workbench's React 19 in the same Chromium.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

/** The peers the editor benchmark measures, by the name it prints, with their page entry in this folder. */
export const PEERS = {
  'slate-transcript-editor': 'slateTranscriptEditorPage.js',
  '@bbc/react-transcript-editor': 'reactTranscriptEditorPage.js',
} as const;

export type PeerName = keyof typeof PEERS;

/** The folder under the pages' root that serves `peer`'s page. */
export function peerSlug(peer: PeerName): string {
  return peer.replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

const PAGE = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>peer</title></head><body><div id="root"></div><script src="bundle.js"></script></body></html>\n';

/** Writes `<outDir>/<slug>/index.html` and its `bundle.js` for every peer (production React, minified). */
export async function buildPeerPages(outDir: string): Promise<void> {
  const here = import.meta.dirname;
  for (const [peer, entry] of Object.entries(PEERS) as [PeerName, string][]) {
    const dir = join(outDir, peerSlug(peer));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'index.html'), PAGE);
    await build({
      entryPoints: [join(here, entry)],
      outfile: join(dir, 'bundle.js'),
      bundle: true,
      minify: true,
      format: 'iife',
      platform: 'browser',
      target: 'chrome120',
      logLevel: 'error',
      // the tests' tsconfig (strict, so alwaysStrict) would make the peers' sloppy-mode CommonJS strict
      tsconfigRaw: {},
      define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
      alias: { react: 'react16', 'react-dom': 'react-dom16', path: join(here, 'shims', 'path.js'), util: join(here, 'shims', 'util.js'), assert: join(here, 'shims', 'assert.js') },
    });
  }
}
