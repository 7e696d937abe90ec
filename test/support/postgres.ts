/**
 * A PostgreSQL schema of its own per test file (the machine's server at
 * 127.0.0.1:5432, trust auth), so test files can run in parallel against one
 * database; drop() removes it with everything in it.
 */
import pg from "pg";

export const POSTGRES_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/test";

export interface PostgresTestSchema {
  schema: string;
  /** A DATABASE_URL-style URL that selects the schema. */
  url: string;
  drop(): Promise<void>;
}

export function postgresTestSchema(prefix: string): PostgresTestSchema {
  const schema = `${prefix}_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  return {
    schema,
    url: `${POSTGRES_ADMIN_URL}?schema=${schema}`,
    async drop() {
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
