/** One statement on the PostgreSQL server's maintenance database (create / drop bench databases). */
import pg from "pg";

export const PG_SERVER = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export async function adminQuery(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_SERVER });
  await client.connect();
  await client.query(statement);
  await client.end();
}
