/** Bytes behind catalog CDN paths: seeded images are rendered on demand, uploads come from state. */
import type { StoreCore } from "../core";
import { MEDIA_BASE, MEDIA_BLOCK, PRODUCT_BASE } from "./ids";
import { renderPng } from "./png";
import type { CatalogState, StoredBytes } from "./state";

/** Largest side the renderer accepts, so a crafted path cannot allocate gigabytes. */
const MAX_SIDE = 1024;

/** Bytes for a path under /cdn/catalog/, or undefined. */
export function catalogBytes(core: StoreCore, state: CatalogState, path: string): StoredBytes | undefined {
  const clean = path.replace(/^\/+/, "").replace(/[?#].*$/, "");
  const seeded = /^images\/(\d+)-(\d+)x(\d+)\.png$/.exec(clean);
  if (seeded) {
    const [width, height] = [Number(seeded[2]), Number(seeded[3])];
    if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) return undefined;
    // Seeded media ids encode their product; a deleted product's files are gone from Shopify's CDN (uploads: see deleteProduct).
    const owner = PRODUCT_BASE + Math.floor((Number(seeded[1]) - MEDIA_BASE) / MEDIA_BLOCK);
    if (state.isDeletedProduct(owner)) return undefined;
    return { body: renderPng(width, height, core.rngFor("image", Number(seeded[1]))), contentType: "image/png" };
  }
  return state.blobs.get(clean);
}
