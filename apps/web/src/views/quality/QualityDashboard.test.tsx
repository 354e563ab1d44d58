// @vitest-environment jsdom
// The dashboard's states on canned answers of the quality API (a stand-in ApiClient: the real routes run in
// tests/browser/qualityDashboard.test.ts): alerts and unmeasurable transcripts, "not enough data" instead of figures,
// switching model versions, and Add to Vocabulary only for those who may change the vocabulary.
import type { FieldMeasuresJson, ModelQualityJson, QualityResponse, RecalibrationJson } from '@verbatim/core/api';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../../platform/ApiClient.ts';
import { WorkbenchContext } from '../../platform/WorkbenchContext.tsx';
import { ShellContext } from '../../shell/ShellContext.tsx';
import { WorkbenchController } from '../../shell/WorkbenchController.ts';
import QualityDashboard from './QualityDashboard.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const EMPTY: FieldMeasuresJson = {
  verifiedWords: 12,
  scoredWords: 12,
  spans: 1,
  enough: false,
  reason: 'not enough data: 12 verified words, 100 needed',
  wer: null,
  cer: null,
  ece: null,
  auroc: null,
  reliability: [],
  flags: null,
};

const MEASURED: FieldMeasuresJson = {
  ...EMPTY,
  verifiedWords: 400,
  scoredWords: 398,
  spans: 6,
  enough: true,
  reason: null,
  wer: { rate: 0.1875, errors: 75, total: 400, substitutions: 50, deletions: 15, insertions: 10, interval: { lower: 0.15, upper: 0.225 } },
  cer: { rate: 0.09, errors: 180, total: 2000, substitutions: 120, deletions: 40, insertions: 20, interval: null },
  ece: 0.0612,
  auroc: 0.774,
  reliability: Array.from({ length: 10 }, (_, i) => ({ lower: i / 10, upper: (i + 1) / 10, count: 40, correct: 4 * i, meanConfidence: i / 10 + 0.05, accuracy: i / 10, interval: null })),
  flags: { threshold: 0.6, flagged: 120, errors: 75, flaggedErrors: 60, precision: 0.5, recall: 0.8, precisionInterval: null, recallInterval: null },
};

function model(version: string, field: FieldMeasuresJson, alert: ModelQualityJson['alert']['state'] = 'ok'): ModelQualityJson {
  return {
    modelId: 'verbatim-en',
    modelVersion: version,
    transcripts: 3,
    words: 900,
    reviewed: 400,
    accepted: 10,
    corrected: 5,
    correctionRate: 1 / 3,
    verifiedTranscripts: 2,
    field,
    trend: [{ week: '2026-W49', verifiedWords: field.verifiedWords, wer: field.wer?.rate ?? null, ece: field.ece }],
    corrections: field.enough ? [{ said: 'fire ya', meant: 'pharyngeal', count: 3 }, { said: 'the', meant: '', count: 2 }] : [],
    slices: [],
    alert: { state: alert, reason: alert === 'alert' ? 'window WER 0.19 against baseline 0.10 (margin 0.05)' : 'within its baseline', baselineWer: 0.1, windowWer: 0.19, baselineEce: null, windowEce: null, margin: 0.05 },
    calibration: null,
  };
}

const QUALITY: QualityResponse = {
  models: [model('1.0.0', EMPTY), model('2.0.0', MEASURED, 'alert')],
  scope: 'project',
  threshold: 0.6,
  minWords: 100,
  disparityWarningRatio: 1.5,
  problems: [{ transcriptId: 't9', projectId: 'p1', problem: 'original-words-missing', message: 'Transcript t9 has no stored original words.' }],
};

const REVISION: RecalibrationJson = {
  id: 7,
  modelId: 'verbatim-en',
  modelVersion: '2.0.0',
  method: 'platt',
  a: 1.4,
  b: -0.2,
  fittedWords: 318,
  heldOutWords: 80,
  eceBefore: 0.0612,
  eceAfter: 0.0207,
  createdAt: 0,
  createdBy: 'u1',
  active: true,
};

/** The quality routes' answers, canned (recalibrating and taking it back included); any other path fails as a closed server would. */
class CannedApi extends ApiClient {
  readonly role: string;
  calibration: RecalibrationJson | null = null;
  readonly calls: string[] = [];

  constructor(role: string) {
    super('http://127.0.0.1:9');
    this.role = role;
  }

  override async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    this.calls.push(`${method} ${path}${body === undefined ? '' : ` ${JSON.stringify(body)}`}`);
    if (method === 'GET' && path === '/api/projects/p1/quality') return { ...QUALITY, models: QUALITY.models.map((m) => (m.modelVersion === '2.0.0' ? { ...m, calibration: this.calibration } : m)) } as T;
    if (method === 'GET' && path === '/api/projects') return { projects: [{ id: 'p1', name: 'Clinic', role: this.role }] } as T;
    if (method === 'POST' && path === '/api/quality/recalibrations') return (this.calibration = REVISION) as T;
    if (method === 'DELETE' && path === '/api/quality/recalibrations/7') {
      this.calibration = null;
      return undefined as T;
    }
    throw new Error(`no canned answer for ${method} ${path}`);
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

let api: CannedApi;

async function render(role: string, isAdmin = false): Promise<HTMLElement> {
  const user = { id: 'u1', email: 'ada@example.org', displayName: 'Ada', isAdmin, mustChangePassword: false, createdAt: 0 };
  const storage = new Map<string, string>();
  api = new CannedApi(role);
  controller = new WorkbenchController(api, user, { signOut: () => {}, storage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => void storage.set(k, v) } });
  await controller.projects.loadProjects();
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  await act(async () => {
    root!.render(
      <ShellContext.Provider value={controller}>
        <WorkbenchContext.Provider value={controller!.services}>
          <QualityDashboard projectId="p1" />
        </WorkbenchContext.Provider>
      </ShellContext.Provider>,
    );
  });
  return host;
}

const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim();
const figure = (host: HTMLElement, id: string) => text(host.querySelector(`[data-figure="${id}"] .quality-figure-value`));

describe('the quality dashboard', () => {
  it('shows the alert and the transcripts it could not measure above the figures of the version with the most verified words', async () => {
    const host = await render('editor');
    expect([...host.querySelectorAll('[data-testid="quality-alert"]')].map(text)).toEqual(['⚠ verbatim-en 2.0.0: window WER 0.19 against baseline 0.10 (margin 0.05)']);
    expect(text(host.querySelector('[data-testid="quality-problems"] summary'))).toBe('1 transcript could not be measured');
    expect(host.querySelector<HTMLSelectElement>('[data-testid="quality-model-select"]')!.value).toBe('verbatim-en@2.0.0');
    expect(['wer', 'cer', 'ece', 'auroc', 'flag-precision', 'flag-recall', 'verified-words'].map((id) => figure(host, id))).toEqual(['18.8%', '9.0%', '0.061', '0.774', '50.0%', '80.0%', '400']);
    expect(text(host.querySelector('[data-figure="wer"] .quality-figure-note'))).toBe('50 sub · 15 del · 10 ins of 400 · 95% 15.0–22.5%');
    // jsdom has no canvas to draw on: the card says what the chart shows instead, and the CSV stays
    const reliability = host.querySelector('[data-chart="reliability"]')!;
    expect(reliability.querySelector('[data-testid="chart-unavailable"]')).not.toBeNull();
    expect(reliability.querySelector('[data-testid="not-enough-data"]')).toBeNull();
    expect(reliability.querySelector<HTMLButtonElement>('[data-testid="chart-csv"]')!.disabled).toBe(false);
  });

  it('says "not enough data" for a version with too few verified words instead of giving numbers', async () => {
    const host = await render('editor');
    const select = host.querySelector<HTMLSelectElement>('[data-testid="quality-model-select"]')!;
    await act(async () => {
      select.value = 'verbatim-en@1.0.0';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(figure(host, 'wer')).toBe('–');
    expect(figure(host, 'ece')).toBe('–');
    expect(figure(host, 'verified-words')).toBe('12');
    const reliability = host.querySelector('[data-chart="reliability"]')!;
    expect(text(reliability.querySelector('[data-testid="not-enough-data"]'))).toBe('not enough data: 12 verified words, 100 needed');
    expect(reliability.querySelector('[data-testid="chart-unavailable"]')).toBeNull();
    expect(reliability.querySelector<HTMLButtonElement>('[data-testid="chart-png"]')!.disabled).toBe(true);
    expect(text(host.querySelector('[data-testid="quality-corrections"] .quality-not-enough'))).toBe('No corrections in verified text yet.');
  });

  it('offers Add to Vocabulary for corrected words to editors, never for a deletion, and not to reviewers', async () => {
    const editorView = await render('editor');
    const rows = [...editorView.querySelectorAll('[data-testid="quality-correction"]')];
    expect(rows.map((r) => [r.getAttribute('data-said'), r.getAttribute('data-meant'), r.querySelector('[data-testid="quality-add-vocabulary"]') !== null])).toEqual([
      ['fire ya', 'pharyngeal', true],
      ['the', '', false],
    ]);
    act(() => root!.unmount());
    root = undefined;
    controller!.dispose();
    const reviewerView = await render('reviewer');
    expect(reviewerView.querySelectorAll('[data-testid="quality-add-vocabulary"]')).toHaveLength(0);
  });

  it('lets an administrator recalibrate a version on its verified words and take it back', async () => {
    const host = await render('owner', true);
    const settle = () => act(async () => await new Promise((resolve) => setTimeout(resolve, 0)));
    const calibration = () => text(host.querySelector('[data-testid="quality-calibration"]'));
    expect(calibration()).toBe('Confidences as the model gives them. Recalibrate on the verified words');
    await act(async () => host.querySelector<HTMLButtonElement>('[data-testid="quality-recalibrate"]')!.click());
    await settle();
    expect(api.calls).toContain('POST /api/quality/recalibrations {"modelId":"verbatim-en","modelVersion":"2.0.0"}');
    expect(controller!.notifications.items.map((n) => n.message)).toContain('Recalibrated verbatim-en 2.0.0 on 318 verified words: held-out ECE 0.061 → 0.021. New jobs apply it.');
    expect(calibration()).toBe('Recalibrated (platt) on 318 verified words: held-out ECE 0.061 → 0.021; new jobs apply it. Take back');
    await act(async () => host.querySelector<HTMLButtonElement>('[data-testid="quality-take-back-calibration"]')!.click());
    await settle();
    expect(api.calls).toContain('DELETE /api/quality/recalibrations/7');
    expect(calibration()).toBe('Confidences as the model gives them. Recalibrate on the verified words');
  });

  it('shows no calibration actions to others', async () => {
    const host = await render('owner');
    expect(host.querySelector('[data-testid="quality-calibration"]')).toBeNull();
  });
});
