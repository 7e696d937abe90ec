/**
 * Prisma's `?schema=` convention is not a libpq parameter: node-postgres would
 * forward it to the server as a setting and fail. Split it off so the driver
 * gets a clean connection string and the schema goes where it belongs.
 */
export function splitPostgresUrl(url: string): { connectionString: string; schema?: string } {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get("schema") ?? undefined;
  parsed.searchParams.delete("schema");
  return { connectionString: parsed.toString(), schema: schema || undefined };
}
