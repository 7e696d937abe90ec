import { hostname } from "node:os";
import { ConflictError, NotFoundError, RetryableError } from "~/errors";
import { randomHex } from "./crypto";
import type { RepoContext } from "./context";

/** A held per-shop exclusive lease. */
export interface Lease {
  readonly sequence: number;
  /** Throws RetryableError if the lease expired or was taken over. */
  assertHeld(): Promise<void>;
  /** Extends the expiry (also done by a background timer every ttl/3). */
  renew(): Promise<void>;
  release(): Promise<void>;
}

interface LockRecord {
  owner: string;
  purpose: string;
  host: string;
  pid: number;
  acquiredAt: string;
  expiresAt: string;
}

/**
 * Takes the shop's exclusive lease. Lock objects are numbered and created
 * only-if-absent: whoever creates number n+1 after lock n expired (or after
 * none) holds the lease, so two contenders can never both win, and a stale
 * lock is taken over without deleting it first (which would race).
 */
export async function acquireLease(ctx: RepoContext, purpose: string): Promise<Lease> {
  const ttl = ctx.tuning.leaseTtlMs;
  const latest = await latestLock(ctx);
  if (latest?.record) {
    const expires = Date.parse(latest.record.expiresAt);
    if (expires > ctx.now().getTime()) {
      throw new RetryableError(
        `Repository for ${ctx.shop} is busy (${latest.record.purpose} on ${latest.record.host})`,
        { shop: ctx.shop, holder: latest.record.purpose, expiresAt: latest.record.expiresAt },
        { retryAfterMs: Math.max(1000, expires - ctx.now().getTime()) },
      );
    }
  }
  const sequence = (latest?.sequence ?? 0) + 1;
  const owner = randomHex(8);
  const acquiredAt = ctx.now().toISOString();
  const recordAt = (): LockRecord => ({
    owner,
    purpose,
    host: hostname(),
    pid: process.pid,
    acquiredAt,
    expiresAt: new Date(ctx.now().getTime() + ttl).toISOString(),
  });
  const key = ctx.layout.lock(sequence);
  try {
    await ctx.store.put(key, Buffer.from(JSON.stringify(recordAt())), { ifAbsent: true });
  } catch (error) {
    if (error instanceof ConflictError) {
      throw new RetryableError(`Repository for ${ctx.shop} is busy (lease race lost)`, { shop: ctx.shop }, {
        cause: error,
        retryAfterMs: 1000,
      });
    }
    throw error;
  }
  // Older lock objects are stale by now; removing them is housekeeping only.
  for await (const info of ctx.store.list(ctx.layout.lockPrefix)) {
    if (info.key < key) await ctx.store.delete(info.key).catch(() => {});
  }

  let lost: Error | undefined;
  let released = false;
  const assertHeld = async () => {
    if (lost) throw lost;
    const now = await latestLock(ctx);
    if (!now || now.sequence !== sequence || now.record?.owner !== owner || Date.parse(now.record.expiresAt) <= ctx.now().getTime()) {
      lost = new RetryableError(`Lease on ${ctx.shop} was lost (expired or taken over)`, { shop: ctx.shop, sequence });
      throw lost;
    }
  };
  const renew = async () => {
    if (released) return;
    await assertHeld();
    await ctx.store.put(key, Buffer.from(JSON.stringify(recordAt())));
  };
  const timer = setInterval(() => {
    renew().catch((error: unknown) => {
      lost ??= error instanceof Error ? error : new RetryableError("Lease renewal failed", { shop: ctx.shop });
    });
  }, Math.max(10, Math.floor(ttl / 3)));
  timer.unref();
  return {
    sequence,
    assertHeld,
    renew,
    async release() {
      released = true;
      clearInterval(timer);
      await ctx.store.delete(key);
    },
  };
}

/** Runs `work` under the lease, releasing it afterwards whatever happens. */
export async function withLease<T>(ctx: RepoContext, purpose: string, work: (lease: Lease) => Promise<T>): Promise<T> {
  const lease = await acquireLease(ctx, purpose);
  try {
    return await work(lease);
  } finally {
    await lease.release();
  }
}

async function latestLock(ctx: RepoContext): Promise<{ sequence: number; record?: LockRecord } | undefined> {
  let last: string | undefined;
  for await (const info of ctx.store.list(ctx.layout.lockPrefix)) last = info.key;
  if (!last) return undefined;
  const sequence = Number(last.slice(ctx.layout.lockPrefix.length));
  try {
    const record = JSON.parse(Buffer.from(await ctx.store.get(last)).toString("utf8")) as LockRecord;
    return { sequence, record };
  } catch (error) {
    // Vanished between list and get (released), or unreadable: treat as not held.
    if (error instanceof NotFoundError || error instanceof SyntaxError) return { sequence };
    throw error;
  }
}
