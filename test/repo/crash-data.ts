/**
 * Deterministic record sets for the crash and corruption tests: version k of a
 * small shop, regenerated identically in the child that writes it and in the
 * test that verifies it.
 */
import type { RecordInput } from "~/repo";

export const CRASH_SHOP = "crash-test.myshopify.com";
/** Fixed, clearly fake key for tests only (base64 of 32 bytes). */
export const CRASH_MASTER_KEY = Buffer.alloc(32, 7).toString("base64");
/** Tiny blocks and packs so one snapshot spans many packs and crash points. */
export const CRASH_TUNING = { blockTargetBytes: 2048, packTargetBytes: 8192, leaseTtlMs: 60_000 };

const PRODUCTS = 150;
const CUSTOMERS = 40;

function words(seed: number, count: number): string {
  // xorshift keeps the text incompressible enough that packs fill up mid-snapshot.
  let x = (seed * 2654435761) >>> 0 || 1;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out.push(x.toString(36));
  }
  return out.join(" ");
}

/** Records of version `k`: half the products change per version and a few disappear. */
export function crashRecords(k: number): RecordInput[] {
  const out: RecordInput[] = [];
  for (let i = 1; i <= PRODUCTS; i++) {
    if ((i + k) % 23 === 0) continue;
    const rev = i % 2 === k % 2 ? k : 0;
    const gid = `gid://shopify/Product/${1000 + i}`;
    out.push({
      type: "Product",
      gid,
      record: {
        id: gid,
        title: `Product ${i} rev ${rev}`,
        body: words(i * 31 + rev, 40),
        tags: ["a", `t${i % 7}`],
      },
    });
    for (let v = 1; v <= 2; v++) {
      const vgid = `gid://shopify/ProductVariant/${10_000 + i * 10 + v}`;
      out.push({
        type: "ProductVariant",
        gid: vgid,
        record: {
          id: vgid,
          __parentId: gid,
          sku: `SKU-${i}-${v}`,
          price: `${(i * v + rev) % 97}.00`,
        },
      });
    }
  }
  for (let c = 1; c <= CUSTOMERS; c++) {
    const gid = `gid://shopify/Customer/${500 + c}`;
    const rev = c % 3 === k % 3 ? k : 0;
    out.push({
      type: "Customer",
      gid,
      subject: gid,
      record: { id: gid, email: `c${c}@example.com`, note: words(c * 7 + rev, 12) },
    });
  }
  return out;
}
