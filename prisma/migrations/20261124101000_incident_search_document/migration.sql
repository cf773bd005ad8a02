-- The incident list's full-text search reads one tsvector per incident (its
-- title and every review answer) instead of matching titles and answers
-- through two expression indexes and then fetching the matching answers'
-- rows. The application rebuilds a document in the same transaction as every
-- write of that text (lib/analytics/search-document.ts; no triggers: Prisma's
-- WASM schema engine crashes on them).

-- CreateTable
CREATE TABLE "IncidentSearchDocument" (
    "incidentId" TEXT NOT NULL,
    "document" tsvector NOT NULL,

    CONSTRAINT "IncidentSearchDocument_pkey" PRIMARY KEY ("incidentId")
);

-- CreateIndex
CREATE INDEX "IncidentSearchDocument_document_idx" ON "IncidentSearchDocument" USING GIN ("document");

-- AddForeignKey
ALTER TABLE "IncidentSearchDocument" ADD CONSTRAINT "IncidentSearchDocument_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill: the same expression as searchDocumentSql() in
-- lib/analytics/search-document.ts (an integration test compares the two).
-- Eight stopwords between fields keep a quoted phrase from matching across
-- the end of one field and the start of the next.
-- backfill:begin
INSERT INTO "IncidentSearchDocument" ("incidentId", "document")
SELECT i."id",
       to_tsvector('english'::regconfig, concat_ws(' the the the the the the the the ', i."title",
         (SELECT string_agg(a."body", ' the the the the the the the the ' ORDER BY a."questionId")
            FROM "QuestionAnswer" a WHERE a."incidentId" = i."id")))
  FROM "Incident" i
ON CONFLICT ("incidentId") DO NOTHING;
-- backfill:end

-- The expression indexes of 20261124021500_incident_full_text_search are no
-- longer read by any query; dropping them saves work on every answer save.
DROP INDEX "Incident_title_fts_idx";
DROP INDEX "QuestionAnswer_body_fts_idx";
