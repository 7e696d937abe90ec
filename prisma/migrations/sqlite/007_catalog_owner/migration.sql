-- AlterTable
ALTER TABLE "RecordVersion" ADD COLUMN "owner" TEXT;

-- CreateIndex
CREATE INDEX "RecordVersion_shop_type_owner_idx" ON "RecordVersion"("shop", "type", "owner");

-- Backfill from the GIDs: an InventoryLevel's is "gid://shopify/InventoryLevel/<n>?inventory_item_id=<item>",
-- a ThemeFile's "<theme GID>/files/<filename>" (app/catalog/search-fields.ts, ownerOf).
UPDATE "RecordVersion" SET "owner" = 'gid://shopify/InventoryItem/' || substr("gid", instr("gid", '?inventory_item_id=') + 19) WHERE "type" = 'InventoryLevel' AND instr("gid", '?inventory_item_id=') > 0;
UPDATE "RecordVersion" SET "owner" = substr("gid", 1, instr("gid", '/files/') - 1) WHERE "type" = 'ThemeFile' AND instr("gid", '/files/') > 0;
