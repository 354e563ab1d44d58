// `npm start` must tell a newcomer what is there, never fail obscurely.
import { spawnSync } from 'node:child_process';
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('./verbatim-server.mjs', import.meta.url));

test('reports the bundled model and that the server is not built yet', () => {
  const r = spawnSync(process.execPath, [bin], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /bundled model: verbatim-en-char \d+\.\d+\.\d+/);
  assert.match(r.stdout, /server: not built yet/);
});
