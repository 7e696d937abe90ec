import { RetryableError } from "~/errors";
import type { BlobInfo, BlobStore, PutOptions } from "./blob-store";

/** The BlobStore operations a fault can target. */
export type BlobOp = "put" | "get" | "getRange" | "stat" | "list" | "delete";

/** What happens when a rule fires. */
export type Fault =
  /** Throw RetryableError instead of calling the inner store. */
  | { kind: "fail"; message?: string }
  /** Wait, then proceed normally. */
  | { kind: "delay"; ms: number }
  /**
   * put only: write just the first `keepBytes` bytes (default: a seeded random
   * count short of the whole) to the inner store, then throw RetryableError, as
   * a crash mid-write does on a store without atomic writes.
   */
  | { kind: "truncate"; keepBytes?: number }
  /** Flip one seeded-random bit of the data: on put before storing, on get/getRange in what is returned. */
  | { kind: "flip" };

export interface FaultRule {
  fault: Fault;
  /** Operations it applies to; default: put for truncate, get+getRange for flip, all otherwise. */
  ops?: BlobOp[];
  /** Only keys starting with this (the prefix, for list). */
  keyPrefix?: string;
  /** Fire on the nth matching call from now (1-based)... */
  nth?: number;
  /** ...or on this fraction of matching calls, drawn from the seeded generator; default: every call. */
  rate?: number;
  /** Stop after firing this many times; default 1 with `nth`, unlimited otherwise. */
  times?: number;
}

/** A live rule: how often it has fired, and a way to disarm it. */
export interface ArmedFault {
  readonly fired: number;
  remove(): void;
}

/** A BlobStore wrapper whose faults tests arm and disarm. */
export interface FaultInjectingBlobStore extends BlobStore {
  /** Arms a rule; rules are checked in the order they were added. */
  inject(rule: FaultRule): ArmedFault;
  /** Disarms every rule. */
  clearFaults(): void;
  /** Calls seen per operation (including failed ones). */
  readonly calls: Readonly<Record<BlobOp, number>>;
}

/** mulberry32: small, fast and plenty for choosing which call fails. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DEFAULT_OPS: Record<Fault["kind"], BlobOp[]> = {
  fail: ["put", "get", "getRange", "stat", "list", "delete"],
  delay: ["put", "get", "getRange", "stat", "list", "delete"],
  truncate: ["put"],
  flip: ["get", "getRange"],
};

interface RuleState {
  rule: FaultRule;
  ops: Set<BlobOp>;
  seen: number;
  fired: number;
  removed: boolean;
}

/**
 * Wraps a store to inject failures under test control: the nth call or a
 * fraction of calls fail with RetryableError, calls are delayed, writes are torn
 * (a prefix written, then an error), or a bit is flipped in stored or returned
 * bytes. Everything random comes from `seed`, so a failing run replays exactly.
 */
export function createFaultInjectingBlobStore(inner: BlobStore, options: { seed: number }): FaultInjectingBlobStore {
  const random = seededRandom(options.seed);
  const rules: RuleState[] = [];
  const calls: Record<BlobOp, number> = { put: 0, get: 0, getRange: 0, stat: 0, list: 0, delete: 0 };

  /** Faults that fire for this call, in rule order. */
  const firing = (op: BlobOp, key: string): Fault[] => {
    calls[op] += 1;
    const out: Fault[] = [];
    for (const state of rules) {
      const { rule } = state;
      if (state.removed || !state.ops.has(op) || !key.startsWith(rule.keyPrefix ?? "")) continue;
      const limit = rule.times ?? (rule.nth !== undefined ? 1 : Infinity);
      if (state.fired >= limit) continue;
      state.seen += 1;
      const fires =
        rule.nth !== undefined ? state.seen >= rule.nth : rule.rate !== undefined ? random() < rule.rate : true;
      if (!fires) continue;
      state.fired += 1;
      out.push(rule.fault);
    }
    return out;
  };

  const flipBit = (data: Uint8Array): Uint8Array => {
    const copy = Uint8Array.from(data);
    if (copy.length === 0) return copy;
    const index = Math.floor(random() * copy.length);
    copy[index] ^= 1 << Math.floor(random() * 8);
    return copy;
  };

  /** Applies delay and fail faults; returns whether a flip is due. */
  const before = async (op: BlobOp, key: string, faults: Fault[]): Promise<boolean> => {
    let flip = false;
    for (const fault of faults) {
      if (fault.kind === "delay") await new Promise((r) => setTimeout(r, fault.ms));
      else if (fault.kind === "fail") {
        throw new RetryableError(fault.message ?? `Injected ${op} failure for ${key}`, { op, key, injected: true });
      } else if (fault.kind === "flip") flip = true;
    }
    return flip;
  };

  async function put(key: string, data: Uint8Array, putOptions?: PutOptions): Promise<void> {
    const faults = firing("put", key);
    const flip = await before("put", key, faults);
    const torn = faults.find((f): f is Extract<Fault, { kind: "truncate" }> => f.kind === "truncate");
    const payload = flip ? flipBit(data) : data;
    if (torn) {
      const keep = torn.keepBytes ?? Math.floor(random() * data.length);
      await inner.put(key, payload.subarray(0, Math.min(keep, data.length)), putOptions);
      throw new RetryableError(`Injected torn write of ${key}`, { op: "put", key, injected: true, keptBytes: keep });
    }
    await inner.put(key, payload, putOptions);
  }

  async function get(key: string): Promise<Uint8Array> {
    const flip = await before("get", key, firing("get", key));
    const data = await inner.get(key);
    return flip ? flipBit(data) : data;
  }

  async function getRange(key: string, offset: number, length: number): Promise<Uint8Array> {
    const flip = await before("getRange", key, firing("getRange", key));
    const data = await inner.getRange(key, offset, length);
    return flip ? flipBit(data) : data;
  }

  async function stat(key: string): Promise<BlobInfo | undefined> {
    await before("stat", key, firing("stat", key));
    return inner.stat(key);
  }

  async function* list(prefix: string): AsyncIterable<BlobInfo> {
    await before("list", prefix, firing("list", prefix));
    yield* inner.list(prefix);
  }

  async function del(key: string): Promise<void> {
    await before("delete", key, firing("delete", key));
    await inner.delete(key);
  }

  return {
    url: inner.url,
    put,
    get,
    getRange,
    stat,
    list,
    delete: del,
    calls,
    inject(rule: FaultRule): ArmedFault {
      const state: RuleState = {
        rule,
        ops: new Set(rule.ops ?? DEFAULT_OPS[rule.fault.kind]),
        seen: 0,
        fired: 0,
        removed: false,
      };
      rules.push(state);
      return {
        get fired() {
          return state.fired;
        },
        remove() {
          state.removed = true;
        },
      };
    },
    clearFaults() {
      for (const state of rules) state.removed = true;
      rules.length = 0;
    },
  };
}
