#!/usr/bin/env node
// `npm start`: the Verbatim server (and `verbatim-server --help`, `verbatim-server admin reset-password <email>`). Node 24 runs the TypeScript sources directly (type stripping), so the version
// is checked before anything else is imported.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 24 || (major === 24 && minor < 15)) {
  console.error(`verbatim: Node ${process.versions.node} found; Verbatim needs Node 24 LTS (>= 24.15). See README.md "Requirements".`);
  process.exit(1);
}

const { runCommand } = await import('../src/main/runCommand.ts');
await runCommand({
  argv: process.argv.slice(2),
  env: process.env,
  out: (text) => void process.stdout.write(`${text}\n`),
  err: (text) => void process.stderr.write(`${text}\n`),
  onSignal(handler) {
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
  },
  exit: (code) => process.exit(code),
});
