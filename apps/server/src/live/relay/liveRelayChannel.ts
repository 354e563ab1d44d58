/** The PostgreSQL channel live captions travel on between server processes (see `PostgresLiveRelay`). */
export const LIVE_RELAY_CHANNEL = 'verbatim_live';
