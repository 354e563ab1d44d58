// Host names and IP literals with an optional port: anything else in a Host header is not echoed into a policy.
const HOST = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The Content-Security-Policy of the workbench's HTML: scripts, styles, fonts and frames only from this origin
 * (inline styles allowed, which React's `style` props need); audio, images and workers also from `blob:`/`data:`;
 * network connections to this origin and to its WebSocket (the collaboration rooms) at `host`; never framed.
 * `host` is the public URL's host when the server has one, else the request's `Host` (a malformed one is left out,
 * and `'self'` alone still covers same-origin WebSockets in current browsers).
 *
 * @example
 * contentSecurityPolicy('verbatim.example.org'); // "default-src 'self'; … connect-src 'self' ws://verbatim.example.org wss://…"
 */
export function contentSecurityPolicy(host: string | undefined): string {
  const sockets = host !== undefined && HOST.test(host) ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "media-src 'self' blob: data:",
    "font-src 'self' data:",
    `connect-src 'self'${sockets}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers every file of the workbench is sent with. */
export const WEB_FILE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
});

/** Headers the workbench's HTML is sent with, beside {@link WEB_FILE_HEADERS}. */
export function webHtmlHeaders(host: string | undefined): Record<string, string> {
  return {
    ...WEB_FILE_HEADERS,
    'content-security-policy': contentSecurityPolicy(host),
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
  };
}
