/**
 * Prisma's client engine binds every element of an `in: [...]` list as its
 * own value, and SQLite takes at most 999 bound values per statement: a
 * longer list fails with "query parameter limit exceeded" (seen with ~3,000
 * webhook events of one batch). Statements that take a list of unbounded
 * length go through this, 500 values at a time, leaving room for the rest
 * of the statement's values.
 */
export const IN_CHUNK = 500;

export function inChunks<T>(values: readonly T[], size = IN_CHUNK): T[][] {
  const out: T[][] = [];
  for (let at = 0; at < values.length; at += size) out.push(values.slice(at, at + size));
  return out;
}

/** Runs `count` over each chunk and adds up the counts (deleteMany / updateMany results). */
export async function countInChunks<T>(values: readonly T[], count: (chunk: T[]) => Promise<{ count: number }>): Promise<number> {
  let total = 0;
  for (const chunk of inChunks(values)) total += (await count(chunk)).count;
  return total;
}
