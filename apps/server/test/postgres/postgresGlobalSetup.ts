import type { TestProject } from 'vitest/node';
import { startPostgres } from './startPostgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The superuser URL of the test run's private PostgreSQL server (see `testPostgresDatabase`). */
    postgresUrl: string;
  }
}

/** vitest global setup: one private PostgreSQL server for the whole run, stopped at its end. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const pg = await startPostgres();
  project.provide('postgresUrl', pg.url);
  return () => pg.stop();
}
