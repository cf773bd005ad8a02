// Test helper: validate review.json against schema.json (draft 2020-12) with ajv.
import Ajv2020 from "ajv/dist/2020";

export function schemaValidator(schema: Record<string, unknown>) {
  // Formats are also enforced by the patterns zod emits next to them.
  const ajv = new Ajv2020({ strict: true, allErrors: true, formats: { "date-time": true, date: true } });
  return ajv.compile(schema);
}
