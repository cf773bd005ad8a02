-- The incident list's and analytics' failure-class filters read the incidents
-- having a class: index-only instead of a scan of every class row.
CREATE INDEX "IncidentFailureClass_failureClass_incidentId_idx" ON "IncidentFailureClass"("failureClass", "incidentId");
