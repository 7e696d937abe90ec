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

/**
 * The schema goes into the connection's search path (createDb), where only a
 * plain identifier is safe to pass; null when it is one.
 */
export function schemaProblem(schema: string | undefined): string | null {
  if (!schema || /^[A-Za-z_][A-Za-z0-9_$]*$/.test(schema)) return null;
  return `DATABASE_URL schema "${schema}" must be a plain identifier (letters, digits, _ and $)`;
}
