#!/usr/bin/env node
// `verbatim`: a committed entry, so npm can link the command on the first install (the built dist/main.js does not
// exist yet when npm links bins; `prepare` builds it afterwards).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 24 || (major === 24 && minor < 15)) {
  console.error(`verbatim: Node ${process.versions.node} found; Verbatim needs Node 24 LTS (>= 24.15). See README.md "Requirements".`);
  process.exit(1);
}
let cli;
try {
  cli = await import('../dist/main.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/main.js')) throw error;
  console.error('verbatim: the command is not built yet; run `npm install` (or `npm run build`) in the repository first.');
  process.exit(1);
}
process.exitCode = await cli.main(process.argv.slice(2));
