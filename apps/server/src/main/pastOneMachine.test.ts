// Past one machine, shown with real processes (#20): two web processes (`verbatim-server --workers 0`) and two worker
// processes (`verbatim-server worker`), started from the bin with the flags an operator gives them, on one PostgreSQL
// database (the run's private server), one shared media directory and one shared model store, over loopback.
// - 40 recordings uploaded through both web processes, each with a transcribe job; one worker is kill -9'd while it
//   holds a running job: every job ends succeeded exactly once, and the other worker runs the killed one again
//   within about one lease.
// - Two editors on different web processes converge and see each other's presence; one web process is kill -9'd
//   while they type, and a fresh client of the other process gets everything the dead one had acknowledged.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { testPostgresDatabase } from '../../test/postgres/testPostgresDatabase.ts';
import { Deployment, type WorkerChild } from '../../test/processes/Deployment.ts';
import { makeSpeechClips } from '../../test/processes/speechClips.ts';
import { paragraph, ROOM_PARAMS, until, words } from '../../test/yjsTestHelpers.ts';
import { AccountStore } from '../auth/AccountStore.ts';
import { ApiTokenStore } from '../auth/ApiTokenStore.ts';
import { ProjectStore } from '../auth/ProjectStore.ts';
import { PostgresDatabase } from '../db/postgres/PostgresDatabase.ts';
import { DocumentStore } from '../yjs/DocumentStore.ts';
import type { ServerChild } from './serverProcess.ts';
import type { LogLine } from './workerProcess.ts';

const BUNDLE = resolve(import.meta.dirname, '../../../../models/verbatim-en-char-v1');
const UPLOADS = 40;
/** The job runner's lease and the sweeper's period (JobRunner, GraphileJobQueue defaults). */
const LEASE_MS = 30_000;
const SWEEP_MS = 5_000;
/** What a busy 2-core machine adds to a lease before the other worker starts the job again. */
const SLACK_MS = 25_000;

/** A worker's log line with pino's fields. */
type WorkerLine = LogLine & { time: number; attempt?: number };

let dir: string;
let deployment: Deployment;
let db: PostgresDatabase;
let projectId: string;
const tokens: { owner: string; ada: string; grace: string } = { owner: '', ada: '', grace: '' };
let clips: string[];
const providers: WebsocketProvider[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vwb-past-one-machine-'));
  clips = makeSpeechClips(join(dir, 'clips'), UPLOADS);
  const url = await testPostgresDatabase();
  deployment = new Deployment({ dir, database: url, modelDir: BUNDLE });
  // the first process migrates the database and installs the bundle into the shared store; the others find both done
  await deployment.startWeb('web-1');
  await Promise.all([deployment.startWeb('web-2'), deployment.startWorker('worker-1'), deployment.startWorker('worker-2')]);
  // accounts, project and tokens written straight into the database, as an administrator's requests would
  db = new PostgresDatabase(url);
  const accounts = new AccountStore(db, { hashParams: { logN: 10, r: 8, p: 1 } });
  const projects = new ProjectStore(db);
  const apiTokens = new ApiTokenStore(db);
  const make = async (name: keyof typeof tokens) => {
    const user = await accounts.createUser({ email: `${name}@example.org`, password: `${name} password 1`, displayName: name, isAdmin: false });
    tokens[name] = apiTokens.create(user.id, 'past one machine').token;
    return user;
  };
  const owner = await make('owner');
  projectId = projects.createProject('Interviews', owner.id).id;
  for (const name of ['ada', 'grace'] as const) projects.addMember(projectId, (await make(name)).id, 'editor');
}, 240_000);

afterAll(async () => {
  for (const provider of providers) provider.destroy();
  // every child is killed, also when a test failed
  await deployment?.killAll();
  db?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

/** Resolves once `check` holds, asking every `everyMs`; rejects with `what` after `timeoutMs`. */
async function poll(check: () => boolean, what: string, timeoutMs: number, everyMs = 250): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((next) => setTimeout(next, everyMs));
  }
}

/** Uploads `path` through `web` and asks for its transcription there; returns the job's id. */
async function uploadAndTranscribe(web: ServerChild, path: string): Promise<string> {
  const auth = { authorization: `Bearer ${tokens.owner}` };
  const form = new FormData();
  form.append('file', new Blob([readFileSync(path)]), path.split('/').pop()!);
  const uploaded = await fetch(`${web.url}/api/projects/${projectId}/media`, { method: 'POST', headers: auth, body: form });
  expect(uploaded.status, await uploaded.clone().text()).toBe(201);
  const [media] = ((await uploaded.json()) as { media: { id: string }[] }).media;
  const created = await fetch(`${web.url}/api/projects/${projectId}/jobs`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ mediaId: media!.id }) });
  expect(created.status, await created.clone().text()).toBe(202);
  return ((await created.json()) as { id: string }).id;
}

interface JobRow {
  id: string;
  state: string;
  attempts: number;
  lease_expires_at: number | null;
}

function jobRow(id: string): JobRow {
  return db.prepare<[string], JobRow>('SELECT id, state, attempts, lease_expires_at FROM jobs WHERE id = ?').get(id)!;
}

/** Whether `line` is a worker's log of how an attempt of a job ended (JobRunner logs only its own attempts). */
function isEnd(line: LogLine): boolean {
  return line.msg?.startsWith('job ') === true && line.msg !== 'job started';
}

/**
 * Waits until `victim` holds a running job and kills it with SIGKILL then. A worker logs 'job started' for every job it
 * hears start, its own and (on PostgreSQL, through NOTIFY) the other workers', so whose a job is is found out: the
 * victim is frozen (SIGSTOP) as soon as it logs a start, so its own job cannot end while we look; the job is
 * `other`'s if `other`'s next logged end is that job's (each runs one job at a time), else it is the victim's. A job
 * that had ended, or was `other`'s, lets the victim go on (SIGCONT) to the next one.
 */
async function killMidJob(victim: WorkerChild, other: WorkerChild): Promise<{ jobId: string; killedAt: number; leaseExpiresAt: number }> {
  const seen = new Set<string>();
  for (;;) {
    const started = await victim.waitFor((line) => line.msg === 'job started' && !seen.has(line.jobId!));
    const jobId = started.jobId!;
    seen.add(jobId);
    victim.child.kill('SIGSTOP');
    const row = jobRow(jobId);
    if (row.state === 'running' && !victim.lines.some((line) => line.jobId === jobId && isEnd(line))) {
      const endsBefore = other.lines.filter(isEnd).length;
      const next = await other.waitFor((line) => isEnd(line) && other.lines.filter(isEnd).indexOf(line) >= endsBefore);
      if (next.jobId !== jobId && jobRow(jobId).state === 'running') {
        victim.child.kill('SIGKILL');
        const killedAt = Date.now();
        expect(await victim.exited).toEqual({ code: null, signal: 'SIGKILL' });
        return { jobId, killedAt, leaseExpiresAt: jobRow(jobId).lease_expires_at! };
      }
    }
    victim.child.kill('SIGCONT');
  }
}

describe('two web processes and two worker processes on one PostgreSQL database', () => {
  it('do 40 uploaded jobs exactly once each while one worker is kill -9\'d mid-job', async () => {
    const [web1, web2] = deployment.webs as [ServerChild, ServerChild];
    const [worker1, worker2] = deployment.workers as [WorkerChild, WorkerChild];
    const jobIds: string[] = [];
    // uploads alternate between the web processes, four at a time
    const uploading = (async () => {
      for (let i = 0; i < UPLOADS; i += 4) {
        const batch = clips.slice(i, i + 4).map((clip, j) => uploadAndTranscribe((i + j) % 2 === 0 ? web1 : web2, clip));
        jobIds.push(...(await Promise.all(batch)));
      }
    })();
    const killed = await killMidJob(worker1, worker2);
    await uploading;
    expect(new Set(jobIds).size).toBe(UPLOADS);

    const states = () => db.prepare<[], { state: string; n: number }>('SELECT state, count(*) AS n FROM jobs GROUP BY state').all();
    await poll(() => states().some((s) => s.state === 'succeeded' && s.n === UPLOADS), `all ${UPLOADS} jobs to succeed (now ${JSON.stringify(states())})`, 180_000);
    expect(states()).toEqual([{ state: 'succeeded', n: UPLOADS }]);

    // the web processes report what the workers did
    for (const [i, id] of jobIds.entries()) {
      const web = i % 2 === 0 ? web2 : web1;
      const job = (await (await fetch(`${web.url}/api/jobs/${id}`, { headers: { authorization: `Bearer ${tokens.owner}` } })).json()) as { state: string; result: { transcriptId: string } };
      expect(job.state).toBe('succeeded');
    }
    // one transcript per job, 40 in all
    const links = db.prepare<[], { job_id: string; transcript_id: string }>('SELECT job_id, transcript_id FROM transcript_jobs').all();
    expect(links.map((l) => l.job_id).sort()).toEqual([...jobIds].sort());
    expect(new Set(links.map((l) => l.transcript_id)).size).toBe(UPLOADS);
    expect(db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM transcripts WHERE project_id = ?').get(projectId)!.n).toBe(UPLOADS);

    // No job run to completion twice. The transcript's key on its job keeps a second completion from storing a second
    // transcript, so the counts above cannot see one: THIS assertion catches a job done twice — each job's outcome is
    // logged once, as 'job succeeded', by exactly one worker, in both workers' logs together.
    const lines = [...worker1.lines, ...worker2.lines] as WorkerLine[];
    const succeeded = new Map<string, number>();
    for (const line of lines) if (line.msg === 'job succeeded') succeeded.set(line.jobId!, (succeeded.get(line.jobId!) ?? 0) + 1);
    expect([...succeeded.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    expect([...succeeded.keys()].sort()).toEqual([...jobIds].sort());
    expect(lines.filter((line) => isEnd(line) && line.msg !== 'job succeeded')).toEqual([]);

    // the killed job: started by worker-1, never ended there, run again by worker-2 (its second attempt)
    expect(worker1.lines.filter((line) => line.jobId === killed.jobId).map((line) => line.msg)).toEqual(['job started']);
    const rerun = (worker2.lines as WorkerLine[]).filter((line) => line.jobId === killed.jobId && line.attempt === 2);
    expect(rerun.map((line) => line.msg)).toEqual(['job started', 'job succeeded']);
    // within about one lease of the kill: its lease runs out, the next sweep queues it again, worker-2 takes it
    const rerunAfterMs = rerun[0]!.time - killed.killedAt;
    expect(rerunAfterMs, `re-run ${rerunAfterMs} ms after the kill; the lease ran out ${killed.leaseExpiresAt - killed.killedAt} ms after it`).toBeLessThan(LEASE_MS + SWEEP_MS + SLACK_MS);
    // and not before its lease ran out: a live worker's job is never taken from it
    expect(rerun[0]!.time).toBeGreaterThanOrEqual(killed.leaseExpiresAt);
    // every other job was done at its first attempt; both workers took jobs
    const rows = db.prepare<[], JobRow>('SELECT id, state, attempts, lease_expires_at FROM jobs').all();
    expect(rows.filter((row) => row.attempts !== (row.id === killed.jobId ? 2 : 1))).toEqual([]);
    expect(worker1.lines.filter((line) => line.msg === 'job started').length).toBeGreaterThanOrEqual(1);
    expect(worker2.lines.filter((line) => line.msg === 'job succeeded').length).toBeGreaterThanOrEqual(1);
  }, 300_000);

  it('let two editors on different web processes converge with presence, and lose nothing acknowledged when one is kill -9\'d', async () => {
    const [web1, web2] = deployment.webs as [ServerChild, ServerChild];
    const transcriptId = db.prepare<[string], { id: string }>('SELECT id FROM transcripts WHERE project_id = ? ORDER BY id LIMIT 1').get(projectId)!.id;
    const connect = (web: ServerChild, token: string) => {
      const doc = new Y.Doc();
      // Node's global WebSocket, no BroadcastChannel: the server processes are the only path between clients
      const provider = new WebsocketProvider(`${web.url.replace(/^http/, 'ws')}/yjs`, transcriptId, doc, { params: { token, ...ROOM_PARAMS }, disableBc: true });
      providers.push(provider);
      return { doc, provider };
    };
    const ada = connect(web1, tokens.ada);
    // a second client of web-1: web-1 forwards an update only once it is stored, so what this one sees, web-1 acknowledged
    const watcher = connect(web1, tokens.ada);
    const grace = connect(web2, tokens.grace);
    const clients = [ada, watcher, grace];
    await until(undefined, () => clients.every((c) => c.provider.synced), 'the three clients to sync', 60_000);
    const original = words(ada.doc);
    expect(original.length).toBeGreaterThan(0);
    expect(words(grace.doc)).toEqual(original);

    ada.provider.awareness.setLocalStateField('user', { name: 'ada' });
    grace.provider.awareness.setLocalStateField('user', { name: 'grace' });
    await until(undefined, () => grace.provider.awareness.getStates().get(ada.doc.clientID)?.['user']?.name === 'ada', "ada's presence on web-2", 30_000);
    await until(undefined, () => ada.provider.awareness.getStates().get(grace.doc.clientID)?.['user']?.name === 'grace', "grace's presence on web-1", 30_000);

    // words each process acknowledged: ada's that web-1 forwarded (to the watcher, or through the database to grace),
    // grace's that reached ada through web-2 and web-1
    const ACK = { a: /^qa\d+$/, b: /^qb\d+$/ };
    const acked = { a: new Set<string>(), b: new Set<string>() };
    const watch = (doc: Y.Doc, side: 'a' | 'b') => doc.on('update', () => {
      for (const word of words(doc)) if (ACK[side].test(word)) acked[side].add(word);
    });
    watch(watcher.doc, 'a');
    watch(grace.doc, 'a');
    watch(ada.doc, 'b');
    let typed = 0;
    const type = () => {
      paragraph(ada.doc).insert(paragraph(ada.doc).length, ` qa${typed}`, {});
      paragraph(grace.doc).insert(paragraph(grace.doc).length, ` qb${typed}`, {});
      typed += 1;
    };
    // both type at once at the end of the same turn, then stop: the three documents converge
    for (let i = 0; i < 10; i++) type();
    const text = (doc: Y.Doc) => words(doc).join(' ');
    await until(undefined, () => text(ada.doc) === text(grace.doc) && text(watcher.doc) === text(grace.doc) && acked.a.size === 10 && acked.b.size === 10, 'the editors to converge', 30_000);
    expect(words(grace.doc).filter((w) => ACK.a.test(w) || ACK.b.test(w))).toHaveLength(20);

    // they type on; web-1 is killed while they do
    const typing = setInterval(type, 10);
    try {
      await until(undefined, () => acked.a.size >= 40 && acked.b.size >= 40, 'more edits to be acknowledged', 60_000);
      web1.child.kill('SIGKILL');
      expect(await web1.exited).toBe('SIGKILL');
    } finally {
      clearInterval(typing);
    }
    for (const { provider } of [ada, watcher]) provider.destroy();
    expect(typed).toBeGreaterThan(40);

    const fresh = connect(web2, tokens.ada);
    await until(undefined, () => fresh.provider.synced, 'a fresh client of web-2 to sync', 30_000);
    const after = new Set(words(fresh.doc));
    expect([...acked.a].filter((word) => !after.has(word))).toEqual([]);
    expect([...acked.b].filter((word) => !after.has(word))).toEqual([]);
    // and it is stored, not only held by web-2's room
    const stored = new Set(words(new DocumentStore(db).load(transcriptId)));
    expect([...acked.a, ...acked.b].filter((word) => !stored.has(word))).toEqual([]);
    // the recognised words are all still there, in their order
    expect(words(fresh.doc).filter((word) => !ACK.a.test(word) && !ACK.b.test(word))).toEqual(original);
  }, 180_000);
});
