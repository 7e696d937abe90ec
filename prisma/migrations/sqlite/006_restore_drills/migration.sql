-- CreateTable
CREATE TABLE "RestoreDrill" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "snapshotId" TEXT,
    "sampleSize" INTEGER NOT NULL DEFAULT 0,
    "outcome" TEXT NOT NULL DEFAULT 'running',
    "problems" JSONB NOT NULL,
    "summary" JSONB,
    "jobId" TEXT
);

-- CreateIndex
CREATE INDEX "RestoreDrill_shop_startedAt_idx" ON "RestoreDrill"("shop", "startedAt");
