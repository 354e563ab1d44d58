import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, webHtmlHeaders } from './webSecurityHeaders.ts';
import { webContentType } from './webContentType.ts';

describe('contentSecurityPolicy', () => {
  it("allows the host's WebSockets beside 'self'", () => {
    expect(contentSecurityPolicy('verbatim.example.org')).toContain("connect-src 'self' ws://verbatim.example.org wss://verbatim.example.org;");
    expect(contentSecurityPolicy('[::1]:8080')).toContain("connect-src 'self' ws://[::1]:8080 wss://[::1]:8080;");
  });

  it('never echoes a malformed Host into the policy', () => {
    for (const host of ["evil.org; script-src 'unsafe-inline'", 'a b', 'x/y', '', undefined]) {
      expect(contentSecurityPolicy(host), String(host)).toContain("connect-src 'self';");
    }
  });

  it('keeps pages out of frames and scripts to this origin', () => {
    const headers = webHtmlHeaders('localhost:8080');
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(headers['content-security-policy']).toMatch(/script-src 'self';/);
    expect(headers['content-security-policy']).not.toMatch(/unsafe-eval/);
  });
});

describe('webContentType', () => {
  it('types what a Vite build emits and treats the unknown as opaque bytes', () => {
    expect(webContentType('a/index.HTML')).toBe('text/html; charset=utf-8');
    expect(webContentType('index-1.mjs')).toBe('text/javascript; charset=utf-8');
    expect(webContentType('font.woff2')).toBe('font/woff2');
    expect(webContentType('data.bin')).toBe('application/octet-stream');
    expect(webContentType('README')).toBe('application/octet-stream');
  });
});
