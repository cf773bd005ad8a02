-- CreateTable
CREATE TABLE "RequestLogBucket" (
    "incidentId" TEXT NOT NULL,
    "importId" TEXT NOT NULL,
    "windowStart" TIMESTAMPTZ(3) NOT NULL,
    "widthSeconds" INTEGER NOT NULL,
    "path" "RequestPath" NOT NULL,
    "requestClass" "RequestClass" NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "RequestLogBucket_pkey" PRIMARY KEY ("incidentId","windowStart","path","requestClass")
);

-- CreateIndex
CREATE INDEX "RequestLogBucket_importId_idx" ON "RequestLogBucket"("importId");

-- AddForeignKey
ALTER TABLE "RequestLogBucket" ADD CONSTRAINT "RequestLogBucket_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RequestLogBucket" ADD CONSTRAINT "RequestLogBucket_importId_fkey" FOREIGN KEY ("importId") REFERENCES "LogImport"("id") ON DELETE CASCADE ON UPDATE CASCADE;

