// @vitest-environment jsdom
// The transcription settings section on canned answers of its two routes (a stand-in ApiClient; the routes run for
// real in apps/server's transcriptionSettings.test.ts): shows the project's settings, sends what an editor chose,
// shows the server's refusal, and is read-only for a viewer.
import type { TranscriptionSettingsJson } from '@verbatim/core/api';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../../platform/ApiClient.ts';
import { WorkbenchContext } from '../../platform/WorkbenchContext.tsx';
import { ShellContext } from '../../shell/ShellContext.tsx';
import { WorkbenchController } from '../../shell/WorkbenchController.ts';
import { TranscriptionSettingsSection } from './TranscriptionSettingsSection.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

class CannedApi extends ApiClient {
  settings: TranscriptionSettingsJson = { punctuate: true, speakers: 'auto' };
  readonly sent: unknown[] = [];
  constructor() {
    super('http://127.0.0.1:9');
  }
  override async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    if (path === '/api/projects') return { projects: [{ id: 'p1', name: 'Clinic', role: 'editor' }] } as T;
    if (path !== '/api/projects/p1/transcription-settings') throw new Error(`no canned answer for ${method} ${path}`);
    if (method === 'GET') return this.settings as T;
    this.sent.push(body);
    const patch = body as TranscriptionSettingsJson;
    if (typeof patch.speakers === 'number' && !(Number.isInteger(patch.speakers) && patch.speakers >= 1 && patch.speakers <= 16)) {
      throw new Error('speakers must be "auto", "off" or a whole number from 1 to 16.');
    }
    return (this.settings = { ...this.settings, ...patch }) as T;
  }
}

let root: Root | undefined;
let host: HTMLElement | undefined;
let controller: WorkbenchController | undefined;
afterEach(() => {
  act(() => root?.unmount());
  controller?.dispose();
  host?.remove();
});

async function render(api: CannedApi, canChange: boolean): Promise<HTMLElement> {
  const user = { id: 'u1', email: 'ada@example.org', displayName: 'Ada', isAdmin: false, mustChangePassword: false, createdAt: 0 };
  const storage = new Map<string, string>();
  controller = new WorkbenchController(api, user, { signOut: () => {}, storage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => void storage.set(k, v) } });
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  await act(async () => {
    root!.render(
      <ShellContext.Provider value={controller}>
        <WorkbenchContext.Provider value={controller!.services}>
          <TranscriptionSettingsSection projectId="p1" canChange={canChange} />
        </WorkbenchContext.Provider>
      </ShellContext.Provider>,
    );
  });
  return host;
}

const q = <T extends Element>(host: HTMLElement, id: string) => host.querySelector<T>(`[data-testid="${id}"]`)!;
const radio = (host: HTMLElement, value: string) => host.querySelector<HTMLInputElement>(`[data-testid="transcription-speakers"][value="${value}"]`)!;

describe('the transcription settings section', () => {
  it("shows the project's settings and saves an editor's choice", async () => {
    const api = new CannedApi();
    api.settings = { punctuate: true, speakers: 3 };
    const host = await render(api, true);
    expect(q<HTMLInputElement>(host, 'transcription-punctuate').checked).toBe(true);
    expect(radio(host, 'count').checked).toBe(true);
    expect(q<HTMLInputElement>(host, 'transcription-speaker-count').value).toBe('3');
    await act(async () => q<HTMLInputElement>(host, 'transcription-punctuate').click());
    await act(async () => radio(host, 'off').click());
    await act(async () => q<HTMLButtonElement>(host, 'transcription-settings-save').click());
    expect(api.sent).toEqual([{ punctuate: false, speakers: 'off' }]);
    expect(api.settings).toEqual({ punctuate: false, speakers: 'off' });
    expect(q<HTMLInputElement>(host, 'transcription-punctuate').checked).toBe(false);
  });

  it("shows the server's refusal as it words it", async () => {
    const api = new CannedApi();
    const host = await render(api, true);
    await act(async () => radio(host, 'count').click());
    const count = q<HTMLInputElement>(host, 'transcription-speaker-count');
    await act(async () => {
      const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      set.call(count, '0');
      count.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(async () => q<HTMLButtonElement>(host, 'transcription-settings-save').click());
    expect(api.sent).toEqual([{ punctuate: true, speakers: 0 }]);
    expect(q(host, 'transcription-settings-error').textContent).toMatch(/whole number from 1 to 16/);
  });

  it('is read-only for those who may not change it', async () => {
    const host = await render(new CannedApi(), false);
    expect(q<HTMLInputElement>(host, 'transcription-punctuate').disabled).toBe(true);
    expect(host.querySelector('[data-testid="transcription-settings-save"]')).toBeNull();
    expect(host.textContent).toMatch(/editors and owners change them/);
  });
});
