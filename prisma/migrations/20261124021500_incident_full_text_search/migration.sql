-- Full-text search over incident titles and review answers (incident list "Search").
-- Expression GIN indexes: queries must use the same expression,
-- to_tsvector('english', <column>), for the planner to use them.
-- Kept in SQL only: Prisma's schema language cannot express expression
-- indexes, and its drift check ignores them (see docs in the analytics lib).
CREATE INDEX "Incident_title_fts_idx" ON "Incident" USING gin (to_tsvector('english'::regconfig, "title"));
CREATE INDEX "QuestionAnswer_body_fts_idx" ON "QuestionAnswer" USING gin (to_tsvector('english'::regconfig, "body"));
