// A signed-in API caller (session cookie + CSRF token), for setting up what a browser test starts from.

export class ApiSession {
  readonly url: string;
  readonly cookie: string;
  readonly csrfToken: string;
  readonly user: { id: string; email: string; displayName: string };

  private constructor(url: string, cookie: string, csrfToken: string, user: ApiSession['user']) {
    this.url = url;
    this.cookie = cookie;
    this.csrfToken = csrfToken;
    this.user = user;
  }

  static async login(url: string, email: string, password: string): Promise<ApiSession> {
    const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    if (res.status !== 200) throw new Error(`login as ${email} answered ${res.status}: ${await res.text()}`);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('verbatim_session='))!.split(';')[0]!;
    const body = (await res.json()) as { csrfToken: string; user: ApiSession['user'] };
    return new ApiSession(url, cookie, body.csrfToken, body.user);
  }

  async call<T = unknown>(method: string, path: string, body?: object | FormData): Promise<T> {
    const json = body !== undefined && !(body instanceof FormData);
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: { cookie: this.cookie, 'x-csrf-token': this.csrfToken, ...(json ? { 'content-type': 'application/json' } : {}) },
      ...(body === undefined ? {} : { body: json ? JSON.stringify(body) : (body as FormData) }),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
