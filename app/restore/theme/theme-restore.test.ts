/**
 * Theme restore against the real simulator over HTTP: Shopify (the
 * simulator) fetches the archive from the app's archive handler served on
 * 127.0.0.1, exactly as it would fetch the public URL.
 */
import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { themes as themeModule } from "~/backup/types/themes";
import { createRepository, type Repository } from "~/repo";
import { createTestKeyProvider } from "~/repo/test-support";
import { createAdminClient, type AdminClient } from "~/shopify/admin-client";
import { createMemoryBlobStore } from "~/storage/memory-blob-store";
import { startSimulator, type RunningSimulator } from "../../../test/simulator";
import type { ThemeDomain } from "../../../test/simulator/store/themes";
import { ThemeWriteAccessError } from "./access";
import { themeArchiveResponse } from "./archive";
import { diffTheme } from "./diff";
import { restoreThemeFiles } from "./file-restore";
import { readLiveBodies, readLiveTheme, type LiveTheme } from "./live-files";
import { restoreAsNewTheme } from "./new-theme";
import { createThemeRestoreHandler, THEME_RESTORE_JOB } from "./job";
import { memoryJournal, type ThemeRestoreReport } from "./report";
import type { JobInfo } from "~/jobs/job-queue";
import { snapshotThemeFiles, listSnapshotThemes } from "./snapshot-files";

const SECRET = "app-secret-for-tests";
let sim: RunningSimulator;
let client: AdminClient;
let repository: Repository;
let snapshotId: string;
let mainTheme: string;
let appServer: Server;
let appUrl: string;
let scratchDir: string;
const fetches: string[] = [];

const md5 = (bytes: Uint8Array) => createHash("md5").update(bytes).digest("hex");
const themesDomain = () => sim.store.domains.find((d) => d.name === "themes") as ThemeDomain;

async function snapshotBytes(themeGid: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for await (const file of snapshotThemeFiles(repository, snapshotId, themeGid)) out.set(file.filename, file.bytes);
  return out;
}

async function upsert(themeId: string, files: { filename: string; text: string }[]) {
  await client.request(
    `mutation($themeId: ID!, $files: [OnlineStoreThemeFilesUpsertFileInput!]!) { themeFilesUpsert(themeId: $themeId, files: $files) { userErrors { message } } }`,
    { themeId, files: files.map((f) => ({ filename: f.filename, body: { type: "TEXT", value: f.text } })) },
  );
}

async function remove(themeId: string, files: string[]) {
  await client.request(`mutation($themeId: ID!, $files: [String!]!) { themeFilesDelete(themeId: $themeId, files: $files) { userErrors { message } } }`, { themeId, files });
}

const stateOf = (live: LiveTheme) => new Map([...live.files.values()].map((f) => [f.filename, `${f.md5}@${f.updatedAt}`]));

beforeAll(async () => {
  sim = await startSimulator({ size: "tiny", seed: 5, apiKey: "key", apiSecret: "secret", plan: "plus" });
  themesDomain().setProcessingDelay(50);
  client = createAdminClient({ shop: sim.shopDomain, accessToken: sim.accessToken(), apiVersion: "2026-10", baseUrl: sim.url });
  repository = createRepository({ store: createMemoryBlobStore(), keys: createTestKeyProvider(), shop: sim.shopDomain });
  await repository.init();
  // The backup module's own records, so the restore reads exactly what backups write.
  const info = await repository.writeSnapshot({ kind: "full", records: themeModule.full({ client }) });
  snapshotId = info.id;
  scratchDir = await mkdtemp(join(tmpdir(), "theme-archives-"));
  appServer = createServer((req, res) => {
    const match = /^\/api\/theme-archive\/([^/?]+)$/.exec(req.url ?? "");
    fetches.push(req.url ?? "");
    const respond = async () => {
      const response = match ? await themeArchiveResponse(decodeURIComponent(match[1]), { appSecret: SECRET, scratchDir, openRepository: async () => repository }) : new Response("no", { status: 404 });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    };
    respond().catch((error: Error) => {
      res.writeHead(500);
      res.end(error.message);
    });
  });
  await new Promise<void>((resolve) => appServer.listen(0, "127.0.0.1", resolve));
  appUrl = `http://127.0.0.1:${(appServer.address() as AddressInfo).port}`;
  const listed = await listSnapshotThemes(repository, snapshotId);
  mainTheme = listed.find((t) => t.role === "MAIN")!.gid;
});

afterAll(async () => {
  await new Promise((resolve) => appServer?.close(resolve));
  await sim?.close();
  if (scratchDir) await rm(scratchDir, { recursive: true, force: true });
});

describe("themes in a snapshot", () => {
  it("lists every theme with its file count", async () => {
    const listed = await listSnapshotThemes(repository, snapshotId);
    const info = await repository.getSnapshot(snapshotId);
    expect(listed.length).toBe(info.countsPerType.Theme);
    expect(listed.reduce((n, t) => n + t.files, 0)).toBe(info.countsPerType.ThemeFile);
    expect(listed[0].role).toBe("MAIN");
  });
});

describe("restore as a new theme", () => {
  it("creates an unpublished theme whose every file equals the snapshot byte for byte, without touching the live theme", async () => {
    const liveBefore = stateOf(await readLiveTheme(client, mainTheme));
    const journal = memoryJournal();
    const deps = { repository, client, shop: sim.shopDomain, appUrl, appSecret: SECRET, scratchDir, journal, pollMs: 20 };
    const report = await restoreAsNewTheme(deps, { snapshotId, themeGid: mainTheme, runId: "job-new-1" });
    expect(report.ok).toBe(true);
    expect(fetches.some((url) => url.startsWith("/api/theme-archive/"))).toBe(true);

    const expected = await snapshotBytes(mainTheme);
    expect(report.counts.verified).toBe(expected.size);
    const created = await readLiveTheme(client, report.targetThemeGid);
    expect(created.role).toBe("UNPUBLISHED");
    expect(created.name).toMatch(/^Dawn \(restored \d{4}-\d{2}-\d{2}\)$/);
    expect([...created.files.keys()].sort()).toEqual([...expected.keys()].sort());
    // Bytes through the store (text, base64 and CDN URL bodies alike), not just checksums.
    const bodies = await readLiveBodies(client, report.targetThemeGid, [...expected.keys()]);
    for (const [filename, bytes] of expected) {
      expect(bodies.get(filename)?.equals(bytes), filename).toBe(true);
      expect(created.files.get(filename)?.md5).toBe(md5(bytes));
    }
    expect(stateOf(await readLiveTheme(client, mainTheme))).toEqual(liveBefore);
    // The archive is cleaned from scratch space once Shopify installed it.
    expect(await readdir(scratchDir)).toEqual([]);

    // A resumed run (same journal) waits for and verifies the same theme instead of creating another.
    const count = async () => (await client.request<{ themes: { nodes: unknown[] } }>(`{ themes(first: 50) { nodes { id } } }`)).data.themes.nodes.length;
    const before = await count();
    const again = await restoreAsNewTheme(deps, { snapshotId, themeGid: mainTheme, runId: "job-new-1" });
    expect(again.targetThemeGid).toBe(report.targetThemeGid);
    expect(again.ok).toBe(true);
    expect(await count()).toBe(before);
  });
});

describe("file-level restore", () => {
  it("shows the diff, then writes only the files in it and deletes only the selected added files", async () => {
    const snap = await snapshotBytes(mainTheme);
    const textFiles = [...snap.keys()].filter((f) => /\.(liquid|css|js)$/.test(f) && f !== "layout/theme.liquid");
    const [changedA, changedB, deleted] = textFiles;
    await upsert(mainTheme, [
      { filename: changedA, text: `${snap.get(changedA)!.toString("utf8")}\n/* edited */` },
      { filename: changedB, text: "broken" },
      { filename: "snippets/added-one.liquid", text: "one" },
      { filename: "snippets/added-two.liquid", text: "two" },
    ]);
    await remove(mainTheme, [deleted]);

    const { diff } = await diffTheme(repository, client, { snapshotId, sourceThemeGid: mainTheme, targetThemeGid: mainTheme }, { previewTextFiles: 5 });
    expect(diff.counts).toMatchObject({ changed: 2, missing: 1, added: 2 });
    const changedEntry = diff.entries.find((e) => e.filename === changedA)!;
    expect(changedEntry.lines?.some((l) => l.op === "-" && "text" in l && l.text === "/* edited */")).toBe(true);

    const before = stateOf(await readLiveTheme(client, mainTheme));
    const input = { snapshotId, sourceThemeGid: mainTheme, targetThemeGid: mainTheme, files: [changedA, changedB, deleted], deletions: ["snippets/added-one.liquid"] };
    const report = await restoreThemeFiles({ repository, client }, input);
    expect(report.ok).toBe(true);
    expect(report.counts).toMatchObject({ restored: 3, deleted: 1, failed: 0, mismatch: 0 });

    const after = await readLiveTheme(client, mainTheme);
    const touched = new Set([changedA, changedB, deleted, "snippets/added-one.liquid"]);
    for (const [filename, state] of before) if (!touched.has(filename)) expect(stateOf(after).get(filename), filename).toBe(state);
    for (const filename of [changedA, changedB, deleted]) expect(after.files.get(filename)?.md5).toBe(md5(snap.get(filename)!));
    expect(after.files.has("snippets/added-one.liquid")).toBe(false);
    expect(after.files.has("snippets/added-two.liquid")).toBe(true);

    // Resuming the same request changes nothing more: everything already matches.
    const again = await restoreThemeFiles({ repository, client }, input);
    expect(again.counts).toMatchObject({ restored: 0, deleted: 0, skipped: 4 });
    expect(stateOf(await readLiveTheme(client, mainTheme))).toEqual(stateOf(after));
  });

  it("without the write_themes exemption says so plainly, offers the new-theme path and changes nothing", async () => {
    const snap = await snapshotBytes(mainTheme);
    const target = [...snap.keys()].find((f) => f.endsWith(".css"))!;
    await upsert(mainTheme, [{ filename: target, text: "body { color: red }" }]);
    const before = stateOf(await readLiveTheme(client, mainTheme));
    themesDomain().setThemeWriteExemption(false);
    try {
      const attempt = restoreThemeFiles({ repository, client }, { snapshotId, sourceThemeGid: mainTheme, targetThemeGid: mainTheme, files: [target], deletions: ["snippets/added-two.liquid"] });
      await expect(attempt).rejects.toBeInstanceOf(ThemeWriteAccessError);
      await expect(attempt).rejects.toThrow(/Restore as new theme/);
    } finally {
      themesDomain().setThemeWriteExemption(true);
    }
    expect(stateOf(await readLiveTheme(client, mainTheme))).toEqual(before);
  });
});

describe("the theme-restore job", () => {
  it("resumes after being killed mid-restore without creating a second theme, and reports per file", async () => {
    const journal = memoryJournal();
    const reports: ThemeRestoreReport[] = [];
    const handler = createThemeRestoreHandler({
      openRepository: async () => repository,
      clientFor: async () => client,
      appUrl,
      appSecret: SECRET,
      scratchDir,
      journalFor: () => journal,
      completed: async (_shop, _id, report) => void reports.push(report),
      pollMs: 20,
    });
    const job: JobInfo = {
      id: "job-resume-1", shop: sim.shopDomain, kind: THEME_RESTORE_JOB, status: "running", payload: { mode: "new-theme", snapshotId, themeGid: mainTheme },
      phase: null, progress: { done: 0, expected: null }, attempts: 1, error: null, createdAt: new Date(),
    };
    const themeCount = async () => (await client.request<{ themes: { nodes: unknown[] } }>(`{ themes(first: 50) { nodes { id } } }`)).data.themes.nodes.length;
    const before = await themeCount();
    // The worker dies right after Shopify accepted the theme (abort on the first "processing" progress).
    const killed = new AbortController();
    const phases: string[] = [];
    await expect(
      handler(job, { signal: killed.signal, progress: async (phase) => { phases.push(phase); if (phase === "processing") killed.abort(new Error("worker died")); } }),
    ).rejects.toThrow();
    expect(journal.entries.get("created-theme")).toMatch(/OnlineStoreTheme/);
    expect(await themeCount()).toBe(before + 1);

    await handler({ ...job, attempts: 2 }, { signal: new AbortController().signal, progress: async (phase) => void phases.push(phase) });
    expect(await themeCount()).toBe(before + 1);
    expect(reports).toHaveLength(1);
    expect(reports[0].targetThemeGid).toBe(journal.entries.get("created-theme"));
    expect(reports[0].ok).toBe(true);
    expect(reports[0].files.every((f) => f.outcome === "verified")).toBe(true);
    expect(phases).toEqual(expect.arrayContaining(["building-archive", "creating-theme", "processing", "verifying", "done"]));
  });
});
