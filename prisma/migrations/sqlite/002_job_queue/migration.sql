-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Job" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "phase" TEXT,
    "progressDone" INTEGER NOT NULL DEFAULT 0,
    "progressTotal" INTEGER,
    "payload" JSONB NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "runAfter" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedBy" TEXT,
    "lockedUntil" DATETIME,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "activeShop" TEXT,
    "dedupeKey" TEXT,
    "cancelRequested" BOOLEAN NOT NULL DEFAULT false
);
INSERT INTO "new_Job" ("attempts", "createdAt", "error", "id", "kind", "lockedBy", "lockedUntil", "payload", "phase", "progressDone", "progressTotal", "runAfter", "shop", "status", "updatedAt") SELECT "attempts", "createdAt", "error", "id", "kind", "lockedBy", "lockedUntil", "payload", "phase", "progressDone", "progressTotal", "runAfter", "shop", "status", "updatedAt" FROM "Job";
DROP TABLE "Job";
ALTER TABLE "new_Job" RENAME TO "Job";
CREATE UNIQUE INDEX "Job_activeShop_key" ON "Job"("activeShop");
CREATE INDEX "Job_status_runAfter_idx" ON "Job"("status", "runAfter");
CREATE INDEX "Job_shop_createdAt_idx" ON "Job"("shop", "createdAt");
CREATE UNIQUE INDEX "Job_shop_dedupeKey_key" ON "Job"("shop", "dedupeKey");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
