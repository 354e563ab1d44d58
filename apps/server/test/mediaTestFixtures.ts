// Test fixtures shared by the media route tests: a media test server, four accounts around one project, and real
// audio made by espeak-ng and sox.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Project } from '../src/auth/ProjectStore.ts';
import type { ServerConfig } from '../src/config/ServerConfig.ts';
import type { TestUser } from './testServer.ts';
import { startTestServer, type TestServer } from './testServer.ts';

/** A media record as the API returns it. */
export interface MediaResponse {
  id: string;
  name: string;
  format: string;
  contentType: string;
  bytes: number;
  durationSeconds: number;
  sampleRate: number;
  channels: number;
  sha256: string;
  audioUrl: string;
  peaksUrl: string;
}

export interface MediaTest {
  server: TestServer;
  /** Where the generated audio lies. */
  fixtures: string;
  owner: TestUser;
  editor: TestUser;
  viewer: TestUser;
  stranger: TestUser;
  project: Project;
  /** espeak-ng speech, 22 050 Hz mono WAV. */
  speechWav: Uint8Array;
  /** The same speech as FLAC (sox), at 16 kHz. */
  speechFlac: Uint8Array;
  /** 20 s of 16 kHz 16-bit sine: 640 kB. */
  longWav: Uint8Array;
  upload(user: TestUser, files: readonly (readonly [Uint8Array, string])[], projectId?: string): Promise<Response>;
  get(user: TestUser, path: string, headers?: Record<string, string>): Promise<Response>;
  /** The media of a 201 upload response (fails the test otherwise). */
  uploaded(response: Response): Promise<MediaResponse[]>;
  /** The media ids of the project, sorted. */
  listIds(): Promise<string[]>;
  /** Files left in the upload temporary directory. */
  tempFiles(): string[];
  close(): Promise<void>;
}

function run(command: string, args: string[]): string {
  return execFileSync('nice', ['-n', '19', command, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Seconds of audio in `path`, as sox reads it. */
export function soxDuration(path: string): number {
  return Number(run('soxi', ['-D', path]).trim());
}

export async function setUpMediaTest(uploadLimitBytes: number, overrides: Partial<ServerConfig> = {}): Promise<MediaTest> {
  const fixtures = mkdtempSync(join(tmpdir(), 'vwb-media-fixtures-'));
  run('espeak-ng', ['-w', join(fixtures, 'speech.wav'), 'The quick brown fox jumps over the lazy dog.']);
  // at 16 kHz: @verbatim/asr's FLAC decoding of sox's 22 050 Hz FLAC of this file stops ~0.2 s short (reported)
  run('sox', [join(fixtures, 'speech.wav'), '-r', '16000', join(fixtures, 'speech.flac')]);
  run('sox', ['-n', '-r', '16000', '-b', '16', '-c', '1', join(fixtures, 'long.wav'), 'synth', '20', 'sine', '440']);
  const server = await startTestServer({ uploadLimitBytes, ...overrides });
  const owner = await server.createUser('owner');
  const editor = await server.createUser('editor');
  const viewer = await server.createUser('viewer');
  const stranger = await server.createUser('stranger');
  const project = server.projects.createProject('Interviews', owner.user.id);
  server.projects.addMember(project.id, editor.user.id, 'editor');
  server.projects.addMember(project.id, viewer.user.id, 'viewer');
  const read = (name: string) => new Uint8Array(readFileSync(join(fixtures, name)));
  return {
    server,
    fixtures,
    owner,
    editor,
    viewer,
    stranger,
    project,
    speechWav: read('speech.wav'),
    speechFlac: read('speech.flac'),
    longWav: read('long.wav'),
    upload(user, files, projectId = project.id) {
      const form = new FormData();
      for (const [bytes, name] of files) form.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>]), name);
      return server.fetch(`/api/projects/${projectId}/media`, { method: 'POST', headers: { authorization: `Bearer ${user.token}` }, body: form });
    },
    get(user, path, headers = {}) {
      return server.fetch(path, { headers: { authorization: `Bearer ${user.token}`, ...headers } });
    },
    async uploaded(response) {
      expect(response.status, await response.clone().text()).toBe(201);
      return ((await response.json()) as { media: MediaResponse[] }).media;
    },
    async listIds() {
      const response = await server.fetch(`/api/projects/${project.id}/media`, { headers: { authorization: `Bearer ${owner.token}` } });
      return ((await response.json()) as { media: MediaResponse[] }).media.map((m) => m.id).sort();
    },
    tempFiles() {
      const dir = join(server.config.dataDir, 'media', 'tmp');
      return existsSync(dir) ? readdirSync(dir) : [];
    },
    async close() {
      await server.close();
      rmSync(fixtures, { recursive: true, force: true });
    },
  };
}
