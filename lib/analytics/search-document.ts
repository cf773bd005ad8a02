// The incident list's full-text search reads one tsvector per incident
// ("IncidentSearchDocument"): its title and every review answer. Whoever
// writes that text calls refreshIncidentSearchDocument inside the same
// transaction (no triggers: Prisma's WASM schema engine crashes on them), so a
// search finds an edit as soon as it is committed.
//
// Writers today: lib/incidents/incidents.ts (create), lib/incidents/window.ts
// (title), lib/review/answers.ts (answers). Timeline events and follow-ups
// are not searched. Incident deletion cascades.
import "server-only";
import { Prisma } from "@/lib/db/prisma";

const sql = Prisma.sql;

/**
 * Between fields: stopwords still advance word positions, so a quoted phrase
 * cannot match across the end of one field and the start of the next. Must
 * stay equal to the backfill in migration 20261124101000_incident_search_document.
 */
export const SEARCH_FIELD_SEPARATOR = " the the the the the the the the ";

/**
 * The document of incident row `i`: the title, then the answers in question
 * order. Kept identical to the migration's backfill (an integration test
 * compares them).
 */
export function searchDocumentSql(): Prisma.Sql {
  return sql`to_tsvector('english'::regconfig, concat_ws(${SEARCH_FIELD_SEPARATOR}::text, i."title",
    (SELECT string_agg(a."body", ${SEARCH_FIELD_SEPARATOR}::text ORDER BY a."questionId")
       FROM "QuestionAnswer" a WHERE a."incidentId" = i."id")))`;
}

/** The search condition on document `d` for what the user typed (websearch syntax: words, "phrases", -not, or). */
export function searchDocumentMatches(q: string): Prisma.Sql {
  return sql`d."document" @@ websearch_to_tsquery('english'::regconfig, ${q})`;
}

/**
 * Rebuilds one incident's search document from its committed text plus this
 * transaction's own writes. Called by the lib writers inside their
 * transaction, after they have authorized the write (like recordAudit).
 *
 * The per-incident lock serializes rebuilds: two people saving different
 * answers at once would otherwise each build from a snapshot without the
 * other's answer, and the later commit would drop the earlier edit. Under READ
 * COMMITTED the INSERT, run after the lock is granted, sees what the other
 * transaction committed.
 */
export async function refreshIncidentSearchDocument(tx: Prisma.TransactionClient, incidentId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`incident-search:${incidentId}`}))`;
  await tx.$executeRaw`
    INSERT INTO "IncidentSearchDocument" ("incidentId", "document")
    SELECT i."id", ${searchDocumentSql()} FROM "Incident" i WHERE i."id" = ${incidentId}
    ON CONFLICT ("incidentId") DO UPDATE SET "document" = EXCLUDED."document"`;
}
