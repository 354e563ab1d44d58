// A project with one transcribed interview and a member of every role, made through the real API.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiSession } from './ApiSession.ts';
import { renderWav, transcribe, upload } from './seed.ts';
import type { RunningServer } from './startServer.ts';

export const INTERVIEW = 'the interview started at ten in the morning. we talked about the rent and the new clinic for an hour.';

export interface Account {
  email: string;
  password: string;
  id: string;
}

export interface SeededProject {
  admin: ApiSession;
  projectId: string;
  mediaId: string;
  transcriptId: string;
  wav: string;
  dir: string;
  editor: Account;
  reviewer: Account;
  viewer: Account;
  stranger: Account;
}

export async function createAccount(admin: ApiSession, name: string): Promise<Account> {
  const password = `${name} has a long password 42`;
  const { user } = await admin.call<{ user: { id: string } }>('POST', '/api/users', { email: `${name}@example.org`, displayName: name, password });
  return { email: `${name}@example.org`, password, id: user.id };
}

export async function seedProject(server: RunningServer, options: { threshold?: number } = {}): Promise<SeededProject> {
  const admin = await ApiSession.login(server.url, server.admin.email, server.admin.password);
  const project = await admin.call<{ id: string }>('POST', '/api/projects', { name: 'Interviews' });
  // a high threshold so the short interview has several flagged words to review
  await admin.call('PATCH', `/api/projects/${project.id}`, { reviewThreshold: options.threshold ?? 0.95 });
  const [editor, reviewer, viewer, stranger] = await Promise.all(['eve', 'rae', 'vic', 'sam'].map((n) => createAccount(admin, n)));
  for (const [account, role] of [[editor, 'editor'], [reviewer, 'reviewer'], [viewer, 'viewer']] as const) {
    await admin.call('PUT', `/api/projects/${project.id}/members/${account!.id}`, { role });
  }
  const dir = mkdtempSync(join(tmpdir(), 'verbatim-e2e-audio-'));
  const wav = renderWav(dir, 'interview', INTERVIEW);
  const mediaId = await upload(admin, project.id, wav);
  const transcriptId = await transcribe(admin, project.id, mediaId);
  return { admin, projectId: project.id, mediaId, transcriptId, wav, dir, editor: editor!, reviewer: reviewer!, viewer: viewer!, stranger: stranger! };
}
