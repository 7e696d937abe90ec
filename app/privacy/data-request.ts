/**
 * customers/data_request: everything the backups hold about one customer,
 * as one JSONL file the merchant hands to the customer (Shopify's rule: the
 * app gives the data to the merchant, not to the customer directly).
 */
import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { UserFacingError } from "~/errors";
import { RedactedError, type Repository } from "~/repo";
import { recordAudit } from "~/services/audit.server";
import { openExisting, type PrivacyDeps } from "./deps";
import type { CustomerRequest } from "./requests";

export const EXPORT_FORMAT = "snapshelf-customer-data/v1";

/** First line of every export: who it is about (also how redaction finds old exports). */
export interface ExportHeader {
  format: typeof EXPORT_FORMAT;
  shop: string;
  customer: string;
  orders: string[];
  requestId: string;
  generatedAt: string;
}

/** One record line: the newest stored version and how many versions the backups hold. */
export interface ExportLine {
  type: string;
  gid: string;
  /** Snapshot holding the newest version, null when no snapshot holds the record. */
  snapshotId: string | null;
  takenAt: string | null;
  /** Snapshots that hold the record, and distinct versions among them. */
  snapshots: number;
  versions: number;
  redacted: boolean;
  record: Record<string, unknown> | null;
}

const SAFE_NAME = /^[a-z0-9][a-z0-9.-]*$/i;

function shopDir(exportDir: string, shop: string): string {
  if (!SAFE_NAME.test(shop)) throw new UserFacingError(`Invalid shop identifier: ${shop}`, { shop });
  return join(exportDir, shop);
}

async function latestVersion(repository: Repository, type: string, gid: string): Promise<ExportLine> {
  const history = await repository.history(type, gid);
  const present = history.filter((h) => h.recordId !== null);
  const newest = present[present.length - 1];
  const line: ExportLine = {
    type,
    gid,
    snapshotId: newest?.snapshotId ?? null,
    takenAt: newest?.time ?? null,
    snapshots: present.length,
    versions: new Set(present.map((h) => h.recordId)).size,
    redacted: false,
    record: null,
  };
  if (!newest) return line;
  try {
    line.record = (await repository.getRecord(newest.snapshotId, type, gid))?.record ?? null;
  } catch (error) {
    if (!(error instanceof RedactedError)) throw error;
    line.redacted = true;
  }
  return line;
}

/** Writes `<exportDir>/<shop>/<requestId>.jsonl` (0600); returns its path and how many records it lists. */
export async function exportCustomerData(
  deps: PrivacyDeps,
  shop: string,
  request: CustomerRequest,
  options: { jobId: string; now?: () => Date },
): Promise<{ path: string; file: string; records: number; bytes: number }> {
  const requestId = request.requestId ?? options.jobId;
  if (!SAFE_NAME.test(requestId)) throw new UserFacingError("Invalid data request id", { requestId });
  const targets = [
    { type: "Customer", gid: request.customerGid },
    ...request.orderGids.flatMap((gid) => [
      { type: "Order", gid },
      { type: "OrderPersonal", gid },
    ]),
  ];
  const repository = await openExisting(deps, shop);
  const lines: ExportLine[] = [];
  if (repository) for (const t of targets) lines.push(await latestVersion(repository, t.type, t.gid));
  const header: ExportHeader = {
    format: EXPORT_FORMAT,
    shop,
    customer: request.customerGid,
    orders: request.orderGids,
    requestId,
    generatedAt: (options.now ?? (() => new Date()))().toISOString(),
  };
  const body = [header, ...lines].map((l) => JSON.stringify(l)).join("\n") + "\n";

  const dir = shopDir(deps.exportDir, shop);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${requestId}.jsonl`);
  // Written under a temporary name and renamed, so a half-written export is never mistaken for the answer.
  const temp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  await writeFile(temp, body, { mode: 0o600 });
  await rename(temp, file);
  const bytes = (await stat(file)).size;
  const relative = `exports/${shop}/${requestId}.jsonl`;
  const found = lines.filter((l) => l.snapshotId !== null).length;
  await recordAudit(deps.db, {
    shop,
    actor: "snapshelf",
    action: "privacy.data_exported",
    details: { customerId: Number(request.customerId), requestId, file: relative, records: found, bytes, jobId: options.jobId },
  });
  return { path: file, file: relative, records: found, bytes };
}

/** Deletes earlier exports about this customer (their header names the customer); returns how many. */
export async function deleteCustomerExports(exportDir: string, shop: string, customerGid: string): Promise<number> {
  const dir = shopDir(exportDir, shop);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  let deleted = 0;
  for (const name of names.filter((n) => n.endsWith(".jsonl"))) {
    const path = join(dir, name);
    if ((await firstLineCustomer(path)) !== customerGid) continue;
    await rm(path, { force: true });
    deleted += 1;
  }
  return deleted;
}

async function firstLineCustomer(path: string): Promise<string | undefined> {
  const lines = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      const header = JSON.parse(line) as Partial<ExportHeader>;
      return header.format === EXPORT_FORMAT ? header.customer : undefined;
    }
  } catch {
    return undefined;
  } finally {
    lines.close();
  }
  return undefined;
}

/** Removes the shop's export folder (shop/redact). */
export async function deleteShopExports(exportDir: string, shop: string): Promise<void> {
  await rm(shopDir(exportDir, shop), { recursive: true, force: true });
}
