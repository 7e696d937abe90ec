-- CreateTable
CREATE TABLE "RecordVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "gid" TEXT NOT NULL,
    "recordId" TEXT NOT NULL,
    "title" TEXT,
    "handle" TEXT,
    "email" TEXT,
    "firstSeenSnapshot" TEXT NOT NULL,
    "lastSeenSnapshot" TEXT NOT NULL,
    "firstSeenAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME NOT NULL,
    "current" BOOLEAN NOT NULL DEFAULT true
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_SnapshotCatalog" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "takenAt" DATETIME NOT NULL,
    "kind" TEXT NOT NULL,
    "recordCount" INTEGER NOT NULL DEFAULT 0,
    "summary" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "parentId" TEXT,
    "finishedAt" DATETIME,
    "status" TEXT NOT NULL DEFAULT 'committed',
    "cataloguedAt" DATETIME
);
INSERT INTO "new_SnapshotCatalog" ("createdAt", "id", "kind", "recordCount", "shop", "summary", "takenAt") SELECT "createdAt", "id", "kind", "recordCount", "shop", "summary", "takenAt" FROM "SnapshotCatalog";
DROP TABLE "SnapshotCatalog";
ALTER TABLE "new_SnapshotCatalog" RENAME TO "SnapshotCatalog";
CREATE INDEX "SnapshotCatalog_shop_takenAt_idx" ON "SnapshotCatalog"("shop", "takenAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "RecordVersion_shop_current_type_idx" ON "RecordVersion"("shop", "current", "type");

-- CreateIndex
CREATE INDEX "RecordVersion_shop_type_gid_idx" ON "RecordVersion"("shop", "type", "gid");

-- CreateIndex
CREATE INDEX "RecordVersion_shop_title_idx" ON "RecordVersion"("shop", "title");

-- CreateIndex
CREATE INDEX "RecordVersion_shop_handle_idx" ON "RecordVersion"("shop", "handle");

-- CreateIndex
CREATE INDEX "RecordVersion_shop_email_idx" ON "RecordVersion"("shop", "email");

-- CreateIndex
CREATE UNIQUE INDEX "RecordVersion_shop_type_gid_firstSeenSnapshot_key" ON "RecordVersion"("shop", "type", "gid", "firstSeenSnapshot");
