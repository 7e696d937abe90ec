/** What mutation modules share: the state, read model, views and write helpers. */
import type { StoreCore } from "../core";
import { isoNow } from "./generate";
import { LOCATION_BASE, MEDIA_BASE, METAFIELD_BASE, MEDIA_BLOCK, METAFIELD_BLOCK, VARIANT_BASE, VARIANT_BLOCK } from "./ids";
import type { CatalogModel } from "./model";
import type { CatalogState } from "./state";
import type { LevelQuantities } from "./types";
import type { CatalogViews } from "./views";
import { inventoryLevelPayload } from "./webhooks";

export class CatalogRuntime {
  constructor(
    readonly core: StoreCore,
    readonly state: CatalogState,
    readonly model: CatalogModel,
    readonly views: CatalogViews,
  ) {}

  /** Simulated clock tick for a write, as a Shopify DateTime string. */
  now(): string {
    return isoNow(this.core.now());
  }

  allocateMetafieldId(): number {
    return this.core.allocateId("Metafield", METAFIELD_BASE + this.state.productCount * METAFIELD_BLOCK);
  }

  allocateVariantId(): number {
    return this.core.allocateId("ProductVariant", VARIANT_BASE + this.state.productCount * VARIANT_BLOCK);
  }

  allocateMediaId(): number {
    return this.core.allocateId("MediaImage", MEDIA_BASE + this.state.productCount * MEDIA_BLOCK);
  }

  /** Writes one level's quantities and emits inventory_levels/update. */
  writeLevel(itemId: number, locationIndex: number, quantities: LevelQuantities): void {
    this.state.setQuantities(itemId, locationIndex, quantities);
    this.core.emit("inventory_levels/update", inventoryLevelPayload(itemId, LOCATION_BASE + locationIndex, locationIndex, quantities));
  }
}
