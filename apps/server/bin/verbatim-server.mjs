#!/usr/bin/env node
// Placeholder entry point until the server lands (see README "Status"): it reports what is installed and
// exits cleanly instead of failing obscurely.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 24 || (major === 24 && minor < 15)) {
  console.error(`verbatim: Node ${process.versions.node} found; Verbatim needs Node 24 LTS (>= 24.15). See README.md "Requirements".`);
  process.exit(1);
}

const bundleDir = join(root, 'models', 'verbatim-en-char-v1');
const modelJson = join(bundleDir, 'model.json');
if (!existsSync(modelJson)) {
  console.error(`verbatim: the bundled model is missing (${modelJson}). Re-clone the repository or run \`npm run model:train\`.`);
  process.exit(1);
}
const model = JSON.parse(readFileSync(modelJson, 'utf8'));
console.log(`Verbatim ${JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version}`);
console.log(`  bundled model: ${model.id} ${model.version} (${(model.architecture.parameters / 1e6).toFixed(2)}M parameters, sha256 ${model.sha256.slice(0, 12)}…)`);
console.log('  server: not built yet -- the Hono server and the web workbench arrive with the next issues.');
console.log('  what works today: npx verbatim transcribe <files...> (see npx verbatim --help), npm run model:train, npm test.');
