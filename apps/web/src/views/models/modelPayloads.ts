import type { CreateRerunBody, InstallModelBody, ModelInstallJson, PromoteModelBody } from '@verbatim/core/api';

// The request bodies the Models view builds from what was typed, checked here so that a mistake is said at once and
// in the form's words rather than as the server's schema error.

/** What the install form holds (strings as typed). */
export interface InstallFields {
  url: string;
  sha256: string;
  id: string;
  version: string;
}

/** `POST /api/models/installs` from the install form; throws an Error saying what to fix. */
export function installBody(fields: InstallFields): InstallModelBody {
  const url = fields.url.trim();
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('Enter the package\'s full URL (https://…).');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error('The URL must start with https://.');
  const sha256 = fields.sha256.trim().toLowerCase();
  if (sha256 !== '' && !/^[0-9a-f]{64}$/.test(sha256)) throw new Error('The sha256 is 64 hexadecimal digits.');
  const id = fields.id.trim();
  const version = fields.version.trim();
  return { url, ...(sha256 !== '' && { sha256 }), ...(id !== '' && { id }), ...(version !== '' && { version }) };
}

/** What the promote form holds. `margin` is in WER percentage points, as typed ("" for none). */
export interface PromoteFields {
  reason: string;
  projectId?: string | null;
  comparisonId?: string;
  margin?: string;
}

/** `POST /api/model-aliases/promote`; the margin (percentage points of WER) becomes `maxWerIncrease` (a fraction). */
export function promoteBody(fields: PromoteFields): PromoteModelBody {
  const reason = fields.reason.trim();
  if (reason === '') throw new Error('Say why (it is kept in the alias history).');
  const body: PromoteModelBody = { reason };
  if (fields.projectId) body.projectId = fields.projectId;
  if (fields.comparisonId) {
    body.comparisonId = fields.comparisonId;
    const margin = (fields.margin ?? '').trim();
    if (margin !== '') {
      const points = Number(margin);
      if (!Number.isFinite(points) || points < 0 || points > 100) throw new Error('The margin is a number of WER percentage points between 0 and 100.');
      body.maxWerIncrease = Math.round(points * 1000) / 100000;
    }
  }
  return body;
}

/** `POST /api/projects/:id/reruns` from a model, a local date ("YYYY-MM-DD", from its midnight on) and the model to use. */
export function rerunBody(fromModel: string, sinceDate: string, model?: string): CreateRerunBody {
  if (fromModel === '') throw new Error('Choose the model version whose transcripts to re-run.');
  const body: CreateRerunBody = { fromModel };
  if (sinceDate !== '') {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(sinceDate);
    if (!m) throw new Error('The date is YYYY-MM-DD.');
    body.since = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getTime();
  }
  if (model) body.model = model;
  return body;
}

/** How far an install has got (0..1), or undefined while the size is unknown. */
export function installFraction(install: Pick<ModelInstallJson, 'state' | 'receivedBytes' | 'totalBytes'>): number | undefined {
  if (install.state === 'installed') return 1;
  if (!install.totalBytes || install.totalBytes <= 0) return undefined;
  return Math.min(1, install.receivedBytes / install.totalBytes);
}

/** Whether an install reached a state it never leaves. */
export function isInstallFinished(install: Pick<ModelInstallJson, 'state'>): boolean {
  return install.state === 'installed' || install.state === 'failed' || install.state === 'cancelled';
}
