import { describe, expect, it } from "vitest";
import { IMPACT_MEASURE_IDS } from "@/lib/runbook/runbook";
import { impactVersionToken, measuresToForm, ZImpactMeasures } from "./schemas";

const emptyRows = () => measuresToForm([]);

describe("ZImpactMeasures", () => {
  it("parses all seven measures; blank cells are null", () => {
    const measures = emptyRows();
    measures.CUSTOMER_VISIBLE_ERROR_RATE = { before: "0.5", during: "12", after: "0.8", unit: "%" };
    const r = ZImpactMeasures.parse({ incidentKey: "INC-2026-0001", basedOn: "0:0", incidentVersion: 3, businessMetricLabel: " completed drafts ", measures });
    expect(r.businessMetricLabel).toBe("completed drafts");
    expect(r.measures.CUSTOMER_VISIBLE_ERROR_RATE).toEqual({ before: 0.5, during: 12, after: 0.8, unit: "%" });
    expect(r.measures.QUEUE_DEPTH).toEqual({ before: null, during: null, after: null, unit: "requests" });
    expect(Object.keys(r.measures).sort()).toEqual([...IMPACT_MEASURE_IDS].sort());
  });

  it("refuses negative or non-numeric values, a missing unit and a missing measure", () => {
    const measures = emptyRows();
    measures.TIMEOUT_COUNT = { before: "-1", during: "lots", after: "", unit: "" };
    const r = ZImpactMeasures.safeParse({ incidentKey: "INC-2026-0001", basedOn: "", incidentVersion: 1, businessMetricLabel: "", measures });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["measures.TIMEOUT_COUNT.before", "measures.TIMEOUT_COUNT.during", "measures.TIMEOUT_COUNT.unit"]));
    const { QUEUE_DEPTH: _dropped, ...six } = emptyRows();
    void _dropped;
    expect(ZImpactMeasures.safeParse({ incidentKey: "INC-2026-0001", basedOn: "", incidentVersion: 1, businessMetricLabel: "", measures: six }).success).toBe(false);
  });
});

describe("measuresToForm / impactVersionToken", () => {
  it("fills stored values and units, runbook units otherwise", () => {
    const f = measuresToForm([
      { measure: "QUEUE_DEPTH", phase: "DURING", value: 340, unit: "jobs" },
      { measure: "QUEUE_DEPTH", phase: "AFTER", value: 12, unit: "jobs" },
    ]);
    expect(f.QUEUE_DEPTH).toEqual({ before: "", during: "340", after: "12", unit: "jobs" });
    expect(f.CUSTOMER_VISIBLE_ERROR_RATE.unit).toBe("%");
  });
  it("changes when a row is added, removed or updated", () => {
    const a = [{ updatedAt: new Date(1000) }, { updatedAt: new Date(2000) }];
    expect(impactVersionToken(a)).toBe("2:2000");
    expect(impactVersionToken(a.slice(0, 1))).toBe("1:1000");
    expect(impactVersionToken([...a, { updatedAt: new Date(1500) }])).toBe("3:2000");
    expect(impactVersionToken([])).toBe("0:0");
  });
});
