/**
 * Per-shop serialisation and fairness for the BullMQ queue, which OSS BullMQ
 * does not offer (groups are a BullMQ Pro feature). Each shop has a FIFO line
 * of job ids and at most one "turn" holder; only the holder sits in BullMQ's
 * wait list, every other job of the shop stays parked in BullMQ's delayed set.
 * Since the wait list holds one job per shop, BullMQ's FIFO serves shops
 * round-robin: when a shop's job ends, its next job joins the back of the line.
 *
 * Each step is one Lua script, so several worker processes agree on who holds
 * a turn. Handing the turn on happens after BullMQ has recorded the end; a
 * process dying in between leaves a stale holder, which the shop's parked
 * jobs notice on their periodic wake-up (`parkMs`) and repair.
 */
import type { Redis } from "ioredis";

// KEYS: line, turn. ARGV: id. Appends the job; gives it the turn if nobody holds it.
const ADMIT = `
redis.call('RPUSH', KEYS[1], ARGV[1])
if redis.call('EXISTS', KEYS[2]) == 0 then
  local head = redis.call('LPOP', KEYS[1])
  redis.call('SET', KEYS[2], head)
  return head
end
return false`;

// KEYS: line, turn. ARGV: id. Removes an ended job; hands its turn to the next in line.
const RELEASE = `
redis.call('LREM', KEYS[1], 0, ARGV[1])
if redis.call('GET', KEYS[2]) == ARGV[1] then
  local head = redis.call('LPOP', KEYS[1])
  if head then redis.call('SET', KEYS[2], head) else redis.call('DEL', KEYS[2]) end
  return head
end
return false`;

// KEYS: line, turn. ARGV: id. Asked by a job a worker picked up: may it run now?
const CLAIM = `
local holder = redis.call('GET', KEYS[2])
if holder == ARGV[1] then return {'run'} end
local inLine = redis.call('LPOS', KEYS[1], ARGV[1])
if not holder then
  local head = redis.call('LINDEX', KEYS[1], 0)
  if (not head) or head == ARGV[1] then
    if inLine then redis.call('LREM', KEYS[1], 0, ARGV[1]) end
    redis.call('SET', KEYS[2], ARGV[1])
    return {'run'}
  end
  if not inLine then redis.call('RPUSH', KEYS[1], ARGV[1]) end
  redis.call('LPOP', KEYS[1])
  redis.call('SET', KEYS[2], head)
  return {'promote', head}
end
if not inLine then redis.call('RPUSH', KEYS[1], ARGV[1]) end
return {'busy', holder}`;

export type TurnVerdict =
  { kind: "run" } | { kind: "promote"; id: string } | { kind: "busy"; holder: string };

/** The shop-turn operations over one Redis client and key namespace. */
export function createShopTurns(redis: Redis, namespace: string) {
  const keys = (shop: string) => [`${namespace}:line:${shop}`, `${namespace}:turn:${shop}`];
  const run = async (script: string, shop: string, id: string) =>
    redis.eval(script, 2, ...keys(shop), id);
  return {
    /** Puts a new job in its shop's line; returns the id to promote when it got the turn at once. */
    async admit(shop: string, id: string): Promise<string | undefined> {
      return ((await run(ADMIT, shop, id)) as string | null) ?? undefined;
    },
    /** Forgets an ended job; returns the next holder to promote, if the ended job held the turn. */
    async release(shop: string, id: string): Promise<string | undefined> {
      return ((await run(RELEASE, shop, id)) as string | null) ?? undefined;
    },
    /** Decides whether a picked-up job runs now, hands the turn on, or waits. */
    async claim(shop: string, id: string): Promise<TurnVerdict> {
      const [kind, other] = (await run(CLAIM, shop, id)) as [string, string?];
      if (kind === "run") return { kind };
      return kind === "promote" ? { kind, id: other! } : { kind: "busy", holder: other! };
    },
  };
}

export type ShopTurns = ReturnType<typeof createShopTurns>;
