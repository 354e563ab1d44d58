// @vitest-environment jsdom
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LiveSessionJson } from '@verbatim/core/api';
import { act, StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../../platform/ApiClient.ts';
import { WorkbenchContext } from '../../platform/WorkbenchContext.tsx';
import { ShellContext } from '../../shell/ShellContext.tsx';
import { WorkbenchController } from '../../shell/WorkbenchController.ts';
import LiveOperatorPage from './LiveOperatorPage.tsx';
import { LiveService } from './LiveService.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

// The operator page under React's StrictMode (as main.tsx renders it), against a real HTTP server that answers the
// session routes; jsdom has no microphone, so a capture that starts says why it cannot.
const SESSION: LiveSessionJson = {
  id: 's1',
  projectId: 'p1',
  title: 'Keynote',
  state: 'live',
  createdBy: 'u1',
  createdAt: 0,
  endedAt: null,
  model: { id: 'verbatim-en-char', version: '1.0.0', sha256: 'a'.repeat(64) },
  sampleRate: 16_000,
  lm: 'adapted',
  receivedSeconds: 0,
  sourceConnected: false,
  finals: 0,
  viewerLink: { active: false, createdAt: null },
  mediaId: null,
  transcriptId: null,
  retranscribeJobId: null,
  error: null,
};

let server: Server;
let api: ApiClient;
let controller: WorkbenchController;
let root: Root;
let host: HTMLElement;
let reads = 0;
let session: LiveSessionJson;

beforeEach(async () => {
  reads = 0;
  session = SESSION;
  server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.method === 'GET' && req.url === '/api/live-sessions/s1') reads += 1;
    if (req.method === 'POST' && req.url === '/api/projects/p1/live-sessions') res.statusCode = 201;
    else if (req.url === '/api/projects') return res.end(JSON.stringify({ projects: [{ id: 'p1', name: 'Talks', role: 'editor' }] }));
    else if (req.url !== '/api/live-sessions/s1') res.statusCode = 404;
    res.end(JSON.stringify(res.statusCode === 404 ? { error: { code: 'not-found', message: 'no' } } : session));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  api = new ApiClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const user = { id: 'u1', email: 'ada@example.org', displayName: 'Ada', isAdmin: false, mustChangePassword: false, createdAt: 0 };
  const data = new Map<string, string>();
  controller = new WorkbenchController(api, user, { signOut: () => {}, storage: { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) } });
  await controller.projects.loadProjects();
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
});

afterEach(async () => {
  act(() => root.unmount());
  controller.dispose();
  host.remove();
  await new Promise<void>((done) => server.close(() => done()));
});

function render(): void {
  act(() =>
    root.render(
      <StrictMode>
        <ShellContext.Provider value={controller}>
          <WorkbenchContext.Provider value={controller.services}>
            <LiveOperatorPage sessionId="s1" />
          </WorkbenchContext.Provider>
        </ShellContext.Provider>
      </StrictMode>,
    ),
  );
}

const byTestId = (id: string) => host.querySelector<HTMLElement>(`[data-testid="${id}"]`);

async function until(check: () => boolean): Promise<void> {
  await expect.poll(() => act(async () => check())).toBe(true);
}

describe('LiveOperatorPage', () => {
  it('opened on a live session it did not start, offers to capture rather than taking the microphone', async () => {
    render();
    await until(() => byTestId('live-state')?.dataset['state'] === 'idle');
    expect(byTestId('live-capture')?.textContent).toBe('Start Capturing');
    expect(byTestId('live-error')).toBeNull();
  });

  it('says when another source sends the session\'s audio', async () => {
    session = { ...SESSION, sourceConnected: true };
    render();
    await until(() => byTestId('live-source-elsewhere') !== null);
    expect(byTestId('live-capture')).not.toBeNull();
  });

  it('captures at once when this workbench just started the session, even though StrictMode mounts it twice', async () => {
    await LiveService.for(api).start('p1', { title: 'Keynote' });
    render();
    // the capture was tried (jsdom has no microphone): the discarded first mount did not swallow the autostart
    await until(() => /microphone could not be opened/i.test(byTestId('live-error')?.textContent ?? ''));
    expect(LiveService.for(api).takeAutostart('s1')).toBe(false);
    expect(reads).toBeGreaterThanOrEqual(1);
  });
});
