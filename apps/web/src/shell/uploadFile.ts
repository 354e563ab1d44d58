import { ApiError } from '../platform/ApiClient.ts';

/** Options of {@link uploadFile}. */
export interface UploadFileOptions {
  /** The session's CSRF token (sent as `x-csrf-token`). */
  csrfToken: string | undefined;
  /** Bytes sent so far and in all, as the browser reports them. */
  onProgress?: (loaded: number, total: number) => void;
  signal?: AbortSignal;
}

/**
 * Sends one file as the multipart `file` part of a POST (the server's upload route), through XMLHttpRequest because
 * fetch cannot report upload progress. Resolves with the JSON answer; rejects with an {@link ApiError} carrying the
 * server's message for a 4xx/5xx, or with the abort reason.
 */
export function uploadFile<T>(url: string, file: File, options: UploadFileOptions): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const onAbort = () => xhr.abort();
    xhr.open('POST', url);
    xhr.responseType = 'text';
    xhr.setRequestHeader('accept', 'application/json');
    if (options.csrfToken) xhr.setRequestHeader('x-csrf-token', options.csrfToken);
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) options.onProgress?.(e.loaded, e.total);
    });
    xhr.addEventListener('load', () => {
      options.signal?.removeEventListener('abort', onAbort);
      const body = parse(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else {
        const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
        reject(new ApiError(xhr.status, error?.code ?? `http-${xhr.status}`, error?.message ?? `The upload failed with HTTP ${xhr.status}.`));
      }
    });
    xhr.addEventListener('error', () => {
      options.signal?.removeEventListener('abort', onAbort);
      reject(new Error('The upload failed: the server could not be reached.'));
    });
    xhr.addEventListener('abort', () => {
      options.signal?.removeEventListener('abort', onAbort);
      reject(options.signal?.reason ?? new DOMException('The upload was cancelled.', 'AbortError'));
    });
    if (options.signal?.aborted) {
      reject(options.signal.reason);
      return;
    }
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

function parse(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
