/** Where a job is in its life: `queued` → `running` → `succeeded` | `failed` | `cancelled` (or back to `queued` to retry). */
export type JobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** Every state, in life order (for counts and validation). */
export const JOB_STATES: readonly JobState[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];

/** A job as stored: plain data (safe to send over SSE as JSON). Times are milliseconds since the epoch. */
export interface Job {
  id: string;
  projectId: string;
  /** What to do, e.g. `transcribe`; the worker picks its handler by kind. */
  kind: string;
  payload: unknown;
  state: JobState;
  /** Claims so far, the current one included. */
  attempts: number;
  maxAttempts: number;
  /** Not claimed before this time (retry backoff, scheduled work). */
  runAfter: number;
  /** The worker holding the job while `running`, else null. */
  leaseOwner: string | null;
  leaseExpiresAt: number | null;
  /** Someone asked to cancel a running job; its worker learns it at the next heartbeat. */
  cancelRequested: boolean;
  /** Share done in [0, 1], as the worker last reported it. */
  progress: number;
  /** Message of the last failure (kept while a retry waits). */
  error: string | null;
  /** What the worker returned on success. */
  result: unknown;
  createdAt: number;
  updatedAt: number;
  /** When the current (or last) attempt was claimed. */
  startedAt: number | null;
  /** When the job reached `succeeded`, `failed` or `cancelled`. */
  finishedAt: number | null;
}

/** What {@link JobQueue.enqueue} needs to create a job. */
export interface NewJob {
  /** An existing project; the job is deleted with it. */
  projectId: string;
  /** 1-64 characters: lower-case letters, digits, `.`, `_`, `-`, starting with a letter. */
  kind: string;
  /** Any JSON value. */
  payload: unknown;
  /** Claims allowed before the job fails for good (1-100; default: the queue's, 3 unless configured). */
  maxAttempts?: number;
  /** Earliest claim time in ms since the epoch (default: now). */
  runAfter?: number;
}
