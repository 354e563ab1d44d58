import { AUTH_MIGRATIONS } from './authMigrations.ts';
import { CORE_MIGRATIONS } from './coreMigrations.ts';
import type { Migration } from './Migration.ts';

/** Every migration this version knows, in the order they are applied (core 1-99, then accounts 100-199). */
export const MIGRATIONS: readonly Migration[] = [...CORE_MIGRATIONS, ...AUTH_MIGRATIONS];
