import { describe, expect, it } from "vitest";
import { ARTIFACT_KIND_IDS, runbook } from "@/lib/runbook/runbook";
import { ArtifactKind } from "@/lib/generated/prisma/enums";
import { deriveArtifactState, deriveArtifactStates, type TArtifactRowLike } from "./state";

const row = (kind: string, state: TArtifactRowLike["state"], reason: string | null = null, version = 1): TArtifactRowLike => ({
  kind,
  state,
  notApplicableReason: reason,
  version,
});

describe("deriveArtifactState", () => {
  const none = { notApplicable: false, attachmentCount: 0, linkCount: 0, hasStatement: false };
  it("files make it attached, links alone linked, nothing missing", () => {
    expect(deriveArtifactState(none)).toBe("MISSING");
    expect(deriveArtifactState({ ...none, linkCount: 2 })).toBe("LINKED");
    expect(deriveArtifactState({ ...none, attachmentCount: 1, linkCount: 2 })).toBe("ATTACHED");
    expect(deriveArtifactState({ ...none, hasStatement: true })).toBe("ATTACHED");
  });
  it("not applicable, set by a person, stands over what is on file", () => {
    expect(deriveArtifactState({ ...none, notApplicable: true, attachmentCount: 1 })).toBe("NOT_APPLICABLE");
  });
});

describe("deriveArtifactStates", () => {
  it("lists the ten runbook kinds in runbook order with the runbook's labels, all missing by default", () => {
    const states = deriveArtifactStates([], [], [], null);
    expect(states.map((s) => s.kind)).toEqual([...ARTIFACT_KIND_IDS]);
    expect(states).toHaveLength(10);
    expect(states.map((s) => s.label)).toEqual(runbook.artifacts.kinds.map((k) => k.label));
    expect(states.every((s) => s.state === "MISSING" && s.version === 0)).toBe(true);
  });

  it("derives each state from files, links, the statement and not-applicable rows", () => {
    const states = deriveArtifactStates(
      [row("ERROR_HISTOGRAM", "NOT_APPLICABLE", "No failures classified", 3), row("GRAPHS", "ATTACHED", null, 2), row("TIMELINE", "ATTACHED")],
      [{ artifactKind: "GRAPHS" }, { artifactKind: "GRAPHS" }, { artifactKind: null }],
      [{ artifactKind: "GRAPHS" }, { artifactKind: "MODEL_IDS" }, { artifactKind: null }],
      "Some users saw slower answers for 43 minutes.",
    );
    const by = Object.fromEntries(states.map((s) => [s.kind, s]));
    expect(by.GRAPHS).toMatchObject({ state: "ATTACHED", attachmentCount: 2, linkCount: 1, version: 2 });
    expect(by.MODEL_IDS).toMatchObject({ state: "LINKED", linkCount: 1, version: 0 });
    expect(by.ERROR_HISTOGRAM).toMatchObject({ state: "NOT_APPLICABLE", notApplicableReason: "No failures classified", version: 3 });
    expect(by.CUSTOMER_IMPACT_STATEMENT).toMatchObject({ state: "ATTACHED", hasStatement: true });
    // A stored "attached" with nothing on file is not believed: the evidence decides.
    expect(by.TIMELINE).toMatchObject({ state: "MISSING", version: 1 });
    expect(by.AFFECTED_SERVICES!.state).toBe("MISSING");
  });

  it("a blank statement does not count, and only for the statement kind", () => {
    const states = deriveArtifactStates([], [], [], "   ");
    expect(states.find((s) => s.kind === "CUSTOMER_IMPACT_STATEMENT")!.state).toBe("MISSING");
    const withText = deriveArtifactStates([], [], [], "text");
    expect(withText.filter((s) => s.state === "ATTACHED").map((s) => s.kind)).toEqual(["CUSTOMER_IMPACT_STATEMENT"]);
  });

  it("the runbook kinds and the database enum are the same set", () => {
    expect([...ARTIFACT_KIND_IDS].sort()).toEqual(Object.values(ArtifactKind).sort());
  });
});
