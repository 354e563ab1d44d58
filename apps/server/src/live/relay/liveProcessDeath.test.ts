// A web process that dies mid-session, shown with real processes: two `verbatim-server --workers 0` from the bin on one
// PostgreSQL database, one shared media directory and model store (test/processes/Deployment). A source sends speech to
// the first, which is kill -9'd: the session stays live while its lease runs (15 s), then the second process's sweeper
// finishes it exactly once from the finals and the recording the dead one left on the shared media directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LiveSessionJson } from '@verbatim/core/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveTestSource, readWavPcm } from '../../../test/liveTestSource.ts';
import { TEST_BUNDLE } from '../../../test/modelStoreFixtures.ts';
import { testsUsePostgres } from '../../../test/postgres/testDatabaseEngine.ts';
import { testPostgresDatabase } from '../../../test/postgres/testPostgresDatabase.ts';
import { Deployment } from '../../../test/processes/Deployment.ts';
import { AccountStore } from '../../auth/AccountStore.ts';
import { ApiTokenStore } from '../../auth/ApiTokenStore.ts';
import { ProjectStore } from '../../auth/ProjectStore.ts';
import { PostgresDatabase } from '../../db/postgres/PostgresDatabase.ts';
import type { ServerChild } from '../../main/serverProcess.ts';
import { LiveSessionStore } from '../LiveSessionStore.ts';

const RATE = 16_000;
let dir: string;
let deployment: Deployment;
let db: PostgresDatabase;
let webs: ServerChild[];
let projectId: string;
let token: string;

// PostgreSQL whatever engine the run's other tests use: once per run is enough
describe.skipIf(testsUsePostgres())('a web process killed while it captures a live session', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vwb-live-death-'));
    const url = await testPostgresDatabase();
    deployment = new Deployment({ dir, database: url, modelDir: TEST_BUNDLE });
    // the first migrates and installs the bundle into the shared store; the second finds both done
    webs = [await deployment.startWeb('web-a')];
    webs.push(await deployment.startWeb('web-b'));
    db = new PostgresDatabase(url);
    const user = await new AccountStore(db, { hashParams: { logN: 10, r: 8, p: 1 } }).createUser({ email: 'ada@example.org', password: 'ada password 1', displayName: 'Ada', isAdmin: false });
    projectId = new ProjectStore(db).createProject('Talks', user.id).id;
    token = new ApiTokenStore(db).create(user.id, 'live').token;
  }, 240_000);

  afterAll(async () => {
    await deployment?.killAll();
    db?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('leaves the session to another process, which finishes it once after the lease and not before', async () => {
    const [a, b] = [webs[0]!, webs[1]!];
    const created = await fetch(`${a.url}/api/projects/${projectId}/live-sessions`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"title":"Keynote"}' });
    const session = (await created.json()) as LiveSessionJson;
    const source = await LiveTestSource.connect(a.url, session.id, { token });
    source.start();
    await source.next('ready');
    const speech = readWavPcm(join(TEST_BUNDLE, 'fixtures', 'utt0.wav'));
    source.sendPcm(speech);
    source.sendPcm(new Int16Array(0.8 * RATE));
    await source.next('ack', (ack) => ack.receivedSamples === speech.length + 0.8 * RATE);
    const store = new LiveSessionStore(db);
    expect(store.holder(session.id)).toBeDefined();

    a.child.kill('SIGKILL');
    await a.exited;
    // no renewal after this: the lease as the dead process left it
    const lease = store.holder(session.id)!;
    expect((await source.closed).code).not.toBe(1000);

    // the sweeper looks every lease (15 s): give it two, and the finishing a few seconds more
    const deadline = Date.now() + 60_000;
    let now = store.get(session.id)!;
    while (now.state === 'live' || now.state === 'stopping') {
      if (Date.now() > deadline) throw new Error(`the session is still ${now.state} a minute after its process died`);
      // only the other process could have moved it, and only after the lease
      if (now.state === 'stopping') expect(Date.now()).toBeGreaterThanOrEqual(lease.expiresAt);
      await new Promise((resolve) => setTimeout(resolve, 200));
      now = store.get(session.id)!;
    }
    expect(now.state).toBe('ended');
    expect(now.endedAt!).toBeGreaterThanOrEqual(lease.expiresAt);
    expect(now.receivedSamples).toBe(speech.length + 0.8 * RATE);
    expect(db.prepare('SELECT count(*) AS n FROM transcripts WHERE project_id = ?').get(projectId)).toEqual({ n: 1 });
    expect(db.prepare('SELECT count(*) AS n FROM media WHERE project_id = ?').get(projectId)).toEqual({ n: 1 });
    // the finisher gives the session up once it has removed the recording's temporary files, a moment after the state
    // reads ended (a fresh-clone run read the lease in between)
    await expect.poll(() => store.holder(session.id), { timeout: 10_000 }).toBeUndefined();
    // the finished session is served by the survivor
    const read = (await (await fetch(`${b.url}/api/live-sessions/${session.id}`, { headers: { authorization: `Bearer ${token}` } })).json()) as LiveSessionJson;
    expect(read).toMatchObject({ state: 'ended', transcriptId: now.transcriptId, mediaId: now.mediaId });
  }, 120_000);
});
