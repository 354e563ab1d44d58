/** A login session. Its `id` is the SHA-256 of the cookie token; the token itself exists only in the cookie. */
export interface Session {
  readonly id: string;
  readonly userId: string;
  readonly createdAt: number;
  /** Moves forward as the session is used (sliding expiry), never past `createdAt` + the maximum lifetime. */
  readonly expiresAt: number;
  readonly lastSeenAt: number;
  /** Key for this session's CSRF tokens (see `csrfTokenFor`); never sent to the browser. */
  readonly csrfSecret: string;
}
