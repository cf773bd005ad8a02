import { describe, expect, it } from "vitest";
import {
  autosaveReducer,
  autosaveStatusText,
  hasUnsavedText,
  initialAutosaveState,
  needsSave,
  type TAutosaveEvent,
  type TAutosaveState,
} from "./autosave";

const run = (state: TAutosaveState, ...events: TAutosaveEvent[]) => events.reduce(autosaveReducer, state);

describe("autosaveReducer", () => {
  it("starts idle with the stored body and version; nothing to save", () => {
    const s = initialAutosaveState("stored", 3);
    expect(s).toMatchObject({ text: "stored", saved: "stored", version: 3, status: "idle" });
    expect(needsSave(s)).toBe(false);
    expect(autosaveStatusText(s)).toBe("");
  });

  it("typing makes it dirty; typing back to the saved text makes it clean again", () => {
    const s = run(initialAutosaveState("", 0), { type: "edit", text: "a" });
    expect(s.status).toBe("dirty");
    expect(needsSave(s)).toBe(true);
    expect(hasUnsavedText(s)).toBe(true);
    const back = autosaveReducer(s, { type: "edit", text: "" });
    expect(back.status).toBe("idle");
    expect(needsSave(back)).toBe(false);
  });

  it("a successful save stores the body and the new version and shows Saved", () => {
    const s = run(
      initialAutosaveState("", 0),
      { type: "edit", text: "first" },
      { type: "saveStarted", body: "first" },
    );
    expect(autosaveStatusText(s)).toBe("Saving…");
    expect(needsSave(s)).toBe(false);
    const done = autosaveReducer(s, { type: "saveSucceeded", body: "first", version: 1 });
    expect(done).toMatchObject({ saved: "first", version: 1, status: "saved", inFlight: null });
    expect(autosaveStatusText(done)).toBe("Saved");
    expect(hasUnsavedText(done)).toBe(false);
  });

  it("text typed while a save is in flight is saved next, based on the new version", () => {
    const s = run(
      initialAutosaveState("", 0),
      { type: "edit", text: "one" },
      { type: "saveStarted", body: "one" },
      { type: "edit", text: "one two" },
    );
    expect(s.status).toBe("saving");
    expect(needsSave(s)).toBe(false);
    const after = autosaveReducer(s, { type: "saveSucceeded", body: "one", version: 1 });
    expect(after).toMatchObject({ text: "one two", saved: "one", version: 1, status: "dirty" });
    expect(needsSave(after)).toBe(true);
  });

  it("a failed save keeps the typed text, offers a retry, and typing retries automatically", () => {
    const failed = run(
      initialAutosaveState("old", 2),
      { type: "edit", text: "new text" },
      { type: "saveStarted", body: "new text" },
      { type: "saveFailed", error: "The database is unavailable right now." },
    );
    expect(failed).toMatchObject({ text: "new text", saved: "old", version: 2, status: "failed" });
    expect(failed.error).toMatch(/unavailable/);
    expect(autosaveStatusText(failed)).toBe("Save failed — retry");
    expect(needsSave(failed)).toBe(true);
    expect(hasUnsavedText(failed)).toBe(true);
    const typed = autosaveReducer(failed, { type: "edit", text: "new text!" });
    expect(typed).toMatchObject({ status: "dirty", error: null, text: "new text!" });
  });

  it("a conflict keeps my text, blocks autosave, and Re-apply mine saves on top of their version", () => {
    const conflicted = run(
      initialAutosaveState("", 0),
      { type: "edit", text: "mine" },
      { type: "saveStarted", body: "mine" },
      { type: "saveConflicted", theirs: "theirs", version: 1 },
    );
    expect(conflicted).toMatchObject({ text: "mine", status: "conflict", conflict: { theirs: "theirs", version: 1 } });
    expect(needsSave(conflicted)).toBe(false);
    expect(hasUnsavedText(conflicted)).toBe(true);
    // Typing during the conflict changes my text but does not leave the conflict.
    const edited = autosaveReducer(conflicted, { type: "edit", text: "mine, edited" });
    expect(edited).toMatchObject({ status: "conflict", text: "mine, edited" });
    const reapplied = autosaveReducer(edited, { type: "reapplyMine" });
    expect(reapplied).toMatchObject({ text: "mine, edited", saved: "theirs", version: 1, status: "dirty", conflict: null });
    expect(needsSave(reapplied)).toBe(true);
  });

  it("Keep theirs replaces my text with theirs at their version", () => {
    const kept = run(
      initialAutosaveState("base", 1),
      { type: "edit", text: "mine" },
      { type: "saveStarted", body: "mine" },
      { type: "saveConflicted", theirs: "theirs", version: 2 },
      { type: "keepTheirs" },
    );
    expect(kept).toMatchObject({ text: "theirs", saved: "theirs", version: 2, status: "saved", conflict: null });
    expect(needsSave(kept)).toBe(false);
  });

  it("conflict choices without an open conflict change nothing", () => {
    const s = initialAutosaveState("x", 1);
    expect(autosaveReducer(s, { type: "reapplyMine" })).toBe(s);
    expect(autosaveReducer(s, { type: "keepTheirs" })).toBe(s);
    expect(autosaveReducer(s, { type: "edit", text: "x" })).toBe(s);
  });
});

describe("autosaveStatusText", () => {
  it("announces nothing while typing, so an earlier Saved does not linger over unsaved text", () => {
    const saved = run(initialAutosaveState("", 0), { type: "edit", text: "a" }, { type: "saveStarted", body: "a" }, { type: "saveSucceeded", body: "a", version: 1 });
    expect(autosaveStatusText(saved)).toBe("Saved");
    expect(autosaveStatusText(autosaveReducer(saved, { type: "edit", text: "ab" }))).toBe("");
  });
});
