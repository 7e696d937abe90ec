/**
 * Claiming jobs from the `Job` table. Every claim is one conditional
 * `updateMany` on the row's status and lease, so of two workers (or two
 * processes) racing for a row exactly one sees `count === 1`. Per-shop
 * serialisation rests on the unique `activeShop` column: a job takes its
 * shop's slot by writing the shop there, and the database refuses a second
 * row with the same value, whichever process tries.
 */
import type { Db } from "~/db.server";

export type JobRow = NonNullable<Awaited<ReturnType<Db["job"]["findUnique"]>>>;

export interface ClaimContext {
  db: Db;
  workerId: string;
  leaseMs: number;
  maxAttempts: number;
}

/** Round-robin position across shops, kept per worker. */
export interface ShopCursor {
  after: string;
}

const SHOPS_PER_SCAN = 20;

/** Claims the next runnable job, or returns undefined when none is due. */
export async function claimNextJob(
  ctx: ClaimContext,
  cursor: ShopCursor,
): Promise<JobRow | undefined> {
  return (await claimSlotHolder(ctx)) ?? (await claimFromFreeShop(ctx, cursor));
}

/**
 * Jobs that already hold their shop's slot come first: a retry whose backoff
 * is over, or a running job whose worker let its lease expire (crashed), which
 * is resumed with the same row.
 */
async function claimSlotHolder(ctx: ClaimContext): Promise<JobRow | undefined> {
  const now = new Date();
  const candidates = await ctx.db.job.findMany({
    where: {
      activeShop: { not: null },
      OR: [
        { status: "queued", runAfter: { lte: now } },
        { status: "running", lockedUntil: { lt: now } },
      ],
    },
    orderBy: { updatedAt: "asc" },
    take: 10,
  });
  for (const row of candidates) {
    const same =
      row.status === "queued"
        ? { status: "queued", runAfter: { lte: now } }
        : { status: "running", lockedUntil: { lt: now } };
    if (row.status === "running" && row.attempts >= ctx.maxAttempts) {
      // A job that keeps killing its worker must not take the shop down with it.
      await ctx.db.job.updateMany({
        where: { id: row.id, ...same },
        data: {
          status: "failed",
          error: `worker lost the job ${row.attempts} times (last error: ${row.error ?? "none"})`,
          ...ended,
        },
      });
      continue;
    }
    const taken = await ctx.db.job.updateMany({
      where: { id: row.id, activeShop: row.shop, ...same },
      data: lease(ctx),
    });
    if (taken.count === 1)
      return (await ctx.db.job.findUnique({ where: { id: row.id } })) ?? undefined;
  }
  return undefined;
}

/** Shops with due jobs and a free slot, visited in shop order from the cursor (round robin). */
async function claimFromFreeShop(
  ctx: ClaimContext,
  cursor: ShopCursor,
): Promise<JobRow | undefined> {
  const now = new Date();
  for (const range of [{ gt: cursor.after }, { lte: cursor.after }]) {
    const groups = await ctx.db.job.groupBy({
      by: ["shop"],
      where: { status: "queued", activeShop: null, runAfter: { lte: now }, shop: range },
      orderBy: { shop: "asc" },
      take: SHOPS_PER_SCAN,
    });
    if (groups.length === 0) continue;
    const shops = groups.map((g) => g.shop);
    const holders = await ctx.db.job.findMany({
      where: { activeShop: { in: shops } },
      select: { activeShop: true },
    });
    const busy = new Set(holders.map((h) => h.activeShop));
    for (const shop of shops) {
      if (busy.has(shop)) continue;
      const row = await claimOldestOfShop(ctx, shop, now);
      if (row) {
        cursor.after = shop;
        return row;
      }
    }
  }
  return undefined;
}

async function claimOldestOfShop(
  ctx: ClaimContext,
  shop: string,
  now: Date,
): Promise<JobRow | undefined> {
  const oldest = await ctx.db.job.findFirst({
    where: { shop, status: "queued", activeShop: null, runAfter: { lte: now } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true },
  });
  if (!oldest) return undefined;
  try {
    const taken = await ctx.db.job.updateMany({
      where: { id: oldest.id, status: "queued", activeShop: null },
      data: { ...lease(ctx), activeShop: shop },
    });
    if (taken.count === 0) return undefined;
  } catch (error) {
    // Another worker gave the slot to a different job of this shop first.
    if (isUniqueViolation(error)) return undefined;
    throw error;
  }
  return (await ctx.db.job.findUnique({ where: { id: oldest.id } })) ?? undefined;
}

function lease(ctx: ClaimContext) {
  return {
    status: "running",
    lockedBy: ctx.workerId,
    lockedUntil: new Date(Date.now() + ctx.leaseMs),
    attempts: { increment: 1 },
  } as const;
}

/** Columns every final state clears: the shop's slot, the dedupe key, the lease. */
export const ended = {
  activeShop: null,
  dedupeKey: null,
  lockedBy: null,
  lockedUntil: null,
} as const;

/**
 * Prisma's P2002. Checked by shape: the SQLite and PostgreSQL clients are
 * generated separately, so their error classes differ.
 */
export function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002"
  );
}
