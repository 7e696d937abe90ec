/**
 * A chain of incremental snapshots checked against a plain in-memory model:
 * every snapshot's state, counts and diffs equal what the model says, both
 * while incrementals keep their parent's base (only deltas are visited) and
 * across rebases (full walks). Small pages, so the base spans many of them.
 */
import { describe, expect, it } from "vitest";
import { collect, newTestRepo, product } from "./test-support";
import type { RecordInput, SnapshotInfo } from "./types";

type Model = Map<string, Record<string, unknown>>; // "type|gid" → record

/** Deterministic pseudo-random numbers (mulberry32), so a failure replays. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const collection = (i: number, version: number) => ({ id: `gid://shopify/Collection/${i}`, title: `Collection ${i} v${version}` });
const split = (key: string) => ({ type: key.split("|")[0], gid: key.split("|")[1] });

function counts(model: Model): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of model.keys()) out[split(key).type] = (out[split(key).type] ?? 0) + 1;
  return out;
}

async function stateOf(repo: Awaited<ReturnType<typeof newTestRepo>>["repo"], id: string): Promise<Model> {
  return new Map((await collect(repo.readSnapshot(id))).map((e) => [`${e.type}|${e.gid}`, e.record as Record<string, unknown>]));
}

/** The diff a full comparison of two model states gives, as "change type gid" lines in key order. */
function modelDiff(a: Model, b: Model): string[] {
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort((x, y) => {
    const [kx, ky] = [split(x), split(y)].map((k) => `${k.type}\u0000${k.gid}`);
    return kx < ky ? -1 : kx > ky ? 1 : 0;
  });
  const out: string[] = [];
  for (const key of keys) {
    const [x, y] = [a.get(key), b.get(key)];
    const { type, gid } = split(key);
    if (!x && y) out.push(`added ${type} ${gid}`);
    else if (x && !y) out.push(`deleted ${type} ${gid}`);
    else if (x && y && JSON.stringify(x) !== JSON.stringify(y)) out.push(`changed ${type} ${gid}`);
  }
  return out;
}

describe("incremental chain", () => {
  it("matches the model at every step: state, counts, diffs to the previous and the first snapshot", async () => {
    const { repo, clock } = await newTestRepo();
    const next = random(7);
    const model: Model = new Map();
    const initial: RecordInput[] = [];
    for (let i = 0; i < 300; i++) initial.push({ type: "Product", gid: `gid://shopify/Product/${i}`, record: product(i) });
    for (let i = 0; i < 10; i++) initial.push({ type: "Collection", gid: `gid://shopify/Collection/${i}`, record: collection(i, 0) });
    for (const r of initial) model.set(`${r.type}|${r.gid}`, r.record as Record<string, unknown>);
    const first = await repo.writeSnapshot({ kind: "full", records: initial });
    const models: Model[] = [new Map(model)];
    const infos: SnapshotInfo[] = [first];
    let sparse = 0;
    let rebased = 0;

    for (let step = 1; step <= 14; step++) {
      clock.advance(60_000);
      // Step 9 changes a lot (a rebase); step 12 removes all ten collections (a type gone), step 13 brings one back.
      const edits = step === 9 ? 120 : 1 + Math.floor(next() * 12);
      const changes: RecordInput[] = [];
      for (let e = 0; e < edits; e++) {
        const i = Math.floor(next() * 320);
        const gid = `gid://shopify/Product/${i}`;
        const roll = next();
        // Updates, deletes (also of records that never existed), re-creations and reverts to the base version.
        const record = roll < 0.5 ? product(i, step) : roll < 0.7 ? null : roll < 0.85 ? product(i) : product(i, 100 + step);
        changes.push({ type: "Product", gid, record });
      }
      if (step === 12) for (let i = 0; i < 10; i++) changes.push({ type: "Collection", gid: `gid://shopify/Collection/${i}`, record: null });
      if (step === 13) changes.push({ type: "Collection", gid: "gid://shopify/Collection/3", record: collection(3, 0) });
      for (const c of changes) {
        const key = `${c.type}|${c.gid}`;
        if (c.record) model.set(key, c.record as Record<string, unknown>);
        else model.delete(key);
      }
      const info = await repo.writeSnapshot({ kind: "incremental", records: changes });
      const previous = infos.at(-1)!;
      if (info.manifest.length === previous.manifest.length && info.manifest.every((p, n) => p.id === previous.manifest[n].id)) sparse++;
      else rebased++;

      const expected = new Map(model);
      expect(await stateOf(repo, info.id)).toEqual(expected);
      expect(info.totalRecords).toBe(expected.size);
      expect(info.countsPerType).toEqual(counts(expected));
      for (const [from, fromModel] of [
        [previous, models.at(-1)!],
        [first, models[0]],
      ] as const) {
        const got = (await collect(repo.diff(from.id, info.id))).map((d) => `${d.change} ${d.type} ${d.gid}`);
        expect(got).toEqual(modelDiff(fromModel, expected));
      }
      models.push(expected);
      infos.push(info);
    }
    // Both paths ran: incrementals on their parent's base, and rebases.
    expect(sparse).toBeGreaterThan(5);
    expect(rebased).toBeGreaterThan(0);
    // Diffs between any two snapshots of the chain, in both directions.
    for (const [a, b] of [[2, 7], [7, 2], [5, 11], [11, 14], [9, 10]]) {
      const got = (await collect(repo.diff(infos[a].id, infos[b].id))).map((d) => `${d.change} ${d.type} ${d.gid}`);
      expect(got, `diff ${a}→${b}`).toEqual(modelDiff(models[a], models[b]));
    }
  });
});
