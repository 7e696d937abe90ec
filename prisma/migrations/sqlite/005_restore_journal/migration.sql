-- CreateTable
CREATE TABLE "RestoreRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "snapshotId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'planned',
    "selection" JSONB NOT NULL,
    "plan" JSONB NOT NULL,
    "affected" JSONB NOT NULL,
    "safetySnapshotId" TEXT,
    "report" JSONB,
    "jobId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "RestoreStep" (
    "runId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "recordGid" TEXT NOT NULL,
    "input" JSONB NOT NULL,
    "summary" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'planned',
    "result" JSONB,
    "userErrors" JSONB,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("runId", "seq")
);

-- CreateTable
CREATE TABLE "GidMap" (
    "shop" TEXT NOT NULL,
    "oldGid" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "newGid" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "oldGid")
);

-- CreateIndex
CREATE INDEX "RestoreRun_shop_createdAt_idx" ON "RestoreRun"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "RestoreStep_runId_status_idx" ON "RestoreStep"("runId", "status");

-- CreateIndex
CREATE INDEX "GidMap_shop_newGid_idx" ON "GidMap"("shop", "newGid");
