/**
 * Cancel and resume through the job queue, as the run page does it: a
 * restore job canceled mid-run (queue.cancel while records are being
 * written) leaves the run "canceled" with part of it done; enqueuing the
 * run again finishes it from the journal, with no record written twice and
 * none missing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbJobQueue } from "~/jobs/db-job-queue";
import type { JobQueue, JobWorker } from "~/jobs/job-queue";
import type { AdminClient } from "~/shopify/admin-client";
import { createRestoreHandler, RESTORE_JOB } from "../restore-job";
import { recordHarness, type RecordHarness } from "./test-harness";

let h: RecordHarness;
let queue: JobQueue;
let worker: JobWorker;
let writes = 0;
let slow = true;

beforeAll(async () => {
  h = await recordHarness(["content"]);
  // Each redirect write takes a moment, so the cancel lands mid-run.
  const client: AdminClient = {
    ...h.f.client,
    request: async (document, variables, options) => {
      if (document.includes("SnapshelfRestoreRedirect") && document.includes("mutation")) {
        writes += 1;
        // Writes run in parallel: each later one waits longer, so the first finishes well before the rest.
        if (slow) await new Promise((r) => setTimeout(r, 400 * writes));
      }
      return h.f.client.request(document, variables, options) as never;
    },
  };
  queue = createDbJobQueue({ db: h.db, pollMs: 20, backoffMs: 20, leaseMs: 5_000 });
  worker = queue.startWorker({
    concurrency: 1,
    handlers: { [RESTORE_JOB]: createRestoreHandler({ journal: h.journal, openRepository: async () => h.f.repository, clientFor: async () => client }) },
  });
}, 60_000);
afterAll(async () => {
  await worker?.stop();
  await queue?.close();
  await h?.close();
});

const UPDATE = `mutation($id: ID!, $t: String!) { urlRedirectUpdate(id: $id, urlRedirect: { target: $t }) { userErrors { message } } }`;

describe("cancel and resume a restore job", () => {
  it("stops mid-run, then finishes from the journal with every record written once", async () => {
    const redirects = await h.records("UrlRedirect");
    expect(redirects.length).toBeGreaterThanOrEqual(3);
    for (const r of redirects) await h.f.gql(UPDATE, { id: r.gid, t: `/moved-${r.gid.split("/").pop()}` });
    const gids = redirects.map((r) => r.gid);
    const { run } = await h.restore("UrlRedirect", gids);
    const jobId = await queue.enqueue({ shop: h.shop, kind: RESTORE_JOB, payload: { runId: run.id } });
    await expect.poll(async () => (await h.journal.steps(run.id)).filter((s) => s.status === "done").length, { timeout: 10_000, interval: 20 }).toBeGreaterThan(0);
    expect(await queue.cancel(jobId)).toBe(true);
    await expect.poll(async () => (await h.journal.getRun(run.id))?.status, { timeout: 10_000 }).toBe("canceled");
    const mid = await h.journal.steps(run.id);
    expect(mid.some((s) => s.status === "done")).toBe(true);
    expect(mid.some((s) => s.status !== "done")).toBe(true);
    const doneBefore = mid.filter((s) => s.status === "done").length;

    slow = false;
    const writesBefore = writes;
    const resumed = await queue.enqueue({ shop: h.shop, kind: RESTORE_JOB, payload: { runId: run.id } });
    await expect.poll(async () => (await queue.get(resumed))?.status, { timeout: 20_000 }).toBe("succeeded");
    const report = (await h.journal.getRun(run.id))?.report;
    expect(report?.restored).toBe(gids.length);
    // Done records were not written again: the resume sent the rest (and at most the one in flight at the cancel).
    expect(writes - writesBefore).toBeLessThanOrEqual(gids.length - doneBefore + 1);
    expect(await h.mismatches("UrlRedirect", gids)).toEqual([]);
  });
});
