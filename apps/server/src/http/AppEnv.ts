import type { ApiToken } from '../auth/ApiTokenStore.ts';
import type { Principal } from '../auth/Principal.ts';
import type { Session } from '../auth/Session.ts';
import type { User } from '../auth/User.ts';

/** Who sent a request, as `authenticate` found it: exactly one of `session` (cookie) and `apiToken` (bearer) is set. */
export interface RequestAuth {
  readonly principal: Principal;
  readonly user: User;
  readonly session: Session | undefined;
  readonly apiToken: ApiToken | undefined;
}

/** The Hono environment of the server's app: what middleware leaves on the context for the routes. */
export interface AppEnv {
  Variables: {
    /** From `requestId`: the request's id, also sent back as `x-request-id`. */
    requestId: string;
    /** From `authenticate`: the caller, or undefined for an anonymous request. */
    auth: RequestAuth | undefined;
  };
}
