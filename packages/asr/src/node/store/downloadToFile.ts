import { createWriteStream } from 'node:fs';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { ModelStoreError } from './ModelStoreError.ts';

export interface DownloadOptions {
  readonly fetch?: typeof fetch;
  /** Refuse a download larger than this, from its Content-Length and while streaming. */
  readonly maxBytes: number;
  /** Give up when no byte arrives for this long (ms), waiting for the answer or in the body. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (receivedBytes: number, totalBytes: number | undefined) => void;
  /** Accept http:// (tests against a local server); https only otherwise. */
  readonly allowHttp?: boolean;
}

/**
 * Streams `url` into `partPath`. A partial file from an earlier, interrupted download is resumed with a `Range`
 * request when the server answers 206 for exactly the missing bytes, and restarted from the first byte otherwise;
 * the validator of the first answer (ETag, else Last-Modified, kept in `<partPath>.validator`) goes with the resume
 * as `If-Range`, so a file changed on the server since is fetched whole instead of spliced onto the old bytes.
 * On a refused size or a failed status the partial file is deleted; on a dropped connection, a timeout or a cancel it
 * is kept for the next try. Returns the number of bytes in the complete file.
 *
 * @throws {ModelStoreError} `download-failed`, `download-too-large`, `download-timeout`, `cancelled`.
 */
export async function downloadToFile(url: string, partPath: string, options: DownloadOptions): Promise<number> {
  const shown = redactUrl(url);
  const fetchImpl = options.fetch ?? fetch;
  const validatorPath = `${partPath}.validator`;
  let have = (await stat(partPath).catch(() => undefined))?.size ?? 0;
  const validator = have > 0 ? (await readFile(validatorPath, 'utf8').catch(() => '')).trim() : '';
  // without a validator the server could not say whether the bytes we have are still its file's
  if (have > 0 && validator === '') {
    await removePart(partPath);
    have = 0;
  }
  const idle = new AbortController();
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const poke = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      idle.abort(new Error('idle timeout'));
    }, options.timeoutMs);
  };
  const signal = options.signal ? AbortSignal.any([options.signal, idle.signal]) : idle.signal;
  const failure = (err: unknown): ModelStoreError => {
    if (err instanceof ModelStoreError) return err;
    if (options.signal?.aborted) return new ModelStoreError('cancelled', `download of ${shown} was cancelled`, { cause: err });
    if (timedOut) return new ModelStoreError('download-timeout', `download of ${shown} stalled: nothing arrived for ${options.timeoutMs} ms`, { cause: err });
    // fetch says "fetch failed" and keeps the reason (refused connection, bad certificate, reset) in its cause
    const cause = (err as Error).cause instanceof Error ? `: ${((err as Error).cause as Error).message}` : '';
    return new ModelStoreError('download-failed', `download of ${shown} failed: ${(err as Error).message}${cause}`, { cause: err });
  };
  poke();
  try {
    let response: Response;
    try {
      response = await fetchImpl(url, { signal, redirect: 'follow', headers: have > 0 ? { Range: `bytes=${have}-`, 'If-Range': validator } : {} });
    } catch (err) {
      throw failure(err);
    }
    const finalUrl = new URL(response.url || url);
    if (finalUrl.protocol !== 'https:' && !(options.allowHttp && finalUrl.protocol === 'http:')) {
      await response.body?.cancel();
      throw new ModelStoreError('download-failed', `download of ${shown} was redirected to ${finalUrl.protocol} (only https is accepted)`);
    }
    let offset = 0;
    if (response.status === 206 && have > 0 && contentRangeStart(response.headers.get('content-range')) === have) {
      offset = have;
    } else if (have > 0 && (response.status === 416 || response.status === 206)) {
      // a range the server cannot give, or not the one asked for: start again from the first byte (no Range then)
      await response.body?.cancel();
      await removePart(partPath);
      return await downloadToFile(url, partPath, options);
    } else if (response.status !== 200) {
      await response.body?.cancel();
      await removePart(partPath);
      throw new ModelStoreError('download-failed', `download of ${shown} failed: the server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
    }
    const length = Number(response.headers.get('content-length') ?? NaN);
    const total = Number.isFinite(length) ? offset + length : undefined;
    if (total !== undefined && total > options.maxBytes) {
      await response.body?.cancel();
      await removePart(partPath);
      throw new ModelStoreError('download-too-large', `download of ${shown} is ${total} bytes, over the ${options.maxBytes}-byte limit`);
    }
    if (!response.body) throw new ModelStoreError('download-failed', `download of ${shown} failed: the answer has no body`);
    if (offset === 0) {
      const etag = response.headers.get('etag');
      const next = etag !== null && !etag.startsWith('W/') ? etag : (response.headers.get('last-modified') ?? '');
      if (next) await writeFile(validatorPath, next);
      else await rm(validatorPath, { force: true });
    }
    let received = offset;
    options.onProgress?.(received, total);
    const file = Writable.toWeb(createWriteStream(partPath, { flags: offset > 0 ? 'a' : 'w' }));
    let tooLarge = false;
    const counter = new TransformStream<Uint8Array, Uint8Array>({
      transform: (chunk, controller) => {
        poke();
        received += chunk.length;
        if (received > options.maxBytes) {
          tooLarge = true;
          throw new Error('too large');
        }
        options.onProgress?.(received, total);
        controller.enqueue(chunk);
      },
    });
    try {
      await response.body.pipeThrough(counter, { signal }).pipeTo(file, { preventAbort: true });
    } catch (err) {
      // flush what arrived before the failure: the next try resumes after it
      await file.close().catch(() => {});
      if (tooLarge) {
        await removePart(partPath);
        throw new ModelStoreError('download-too-large', `download of ${shown} passed the ${options.maxBytes}-byte limit while streaming`);
      }
      throw failure(err);
    }
    if (total !== undefined && received !== total) {
      throw new ModelStoreError('download-failed', `download of ${shown} ended after ${received} of ${total} bytes`);
    }
    return received;
  } finally {
    clearTimeout(timer);
  }
}

/** Deletes a partial download and what was kept to resume it. */
export async function removePart(partPath: string): Promise<void> {
  await rm(partPath, { force: true });
  await rm(`${partPath}.validator`, { force: true });
}

/** The URL without user name or password, as it may be shown and recorded. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return url;
  }
}

function contentRangeStart(header: string | null): number | undefined {
  const m = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(header?.trim() ?? '');
  return m ? Number(m[1]) : undefined;
}
