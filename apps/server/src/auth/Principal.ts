/**
 * Who is making a request, once a session cookie or an API token has been checked. Plain data: the HTTP and
 * WebSocket layers pass it to `ProjectStore#authorize`.
 */
export interface Principal {
  readonly userId: string;
  /** Instance administrator: manages accounts. Grants no access to a project's content (see `decideAccess`). */
  readonly isAdmin: boolean;
  /** How the caller proved who they are; cookie-authenticated writes also need a CSRF token. */
  readonly via: 'session' | 'api-token';
  /** The session id (the hash of its token, never the token) or the API token's id. */
  readonly credentialId: string;
}
