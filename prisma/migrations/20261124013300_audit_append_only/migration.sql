-- History is evidence: nobody may edit or delete an audit row, not even the app.
-- Rules, not triggers: Prisma's WASM schema engine cannot introspect triggers.
CREATE FUNCTION audit_log_refuse_change(op text) RETURNS void AS $$
BEGIN
  RAISE EXCEPTION 'AuditLog is append-only; % is not allowed', op;
END;
$$ LANGUAGE plpgsql;

CREATE RULE audit_log_no_update AS ON UPDATE TO "AuditLog" DO INSTEAD SELECT audit_log_refuse_change('UPDATE');
CREATE RULE audit_log_no_delete AS ON DELETE TO "AuditLog" DO INSTEAD SELECT audit_log_refuse_change('DELETE');
