-- AlterTable
ALTER TABLE "SnapshotCatalog" ADD COLUMN     "cataloguedAt" TIMESTAMP(3),
ADD COLUMN     "finishedAt" TIMESTAMP(3),
ADD COLUMN     "parentId" TEXT,
ADD COLUMN     "status" TEXT NOT NULL DEFAULT 'committed';

-- CreateTable
CREATE TABLE "RecordVersion" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "gid" TEXT NOT NULL,
    "recordId" TEXT NOT NULL,
    "title" TEXT,
    "handle" TEXT,
    "email" TEXT,
    "firstSeenSnapshot" TEXT NOT NULL,
    "lastSeenSnapshot" TEXT NOT NULL,
    "firstSeenAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,
    "current" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "RecordVersion_pkey" PRIMARY KEY ("id")
);

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
