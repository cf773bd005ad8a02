// Autosave of one answer as a pure state machine. The editor dispatches what
// happened (typing, save started/succeeded/failed/conflicted, the user's
// choice after a conflict); this decides what is shown and whether a save is
// due. The typed text is never dropped: only "Keep theirs" replaces it.

/** Typing pause before an automatic save. */
export const AUTOSAVE_DELAY_MS = 800;

export type TAutosaveStatus = "idle" | "dirty" | "saving" | "saved" | "failed" | "conflict";

export type TAutosaveState = {
  /** What the user sees in the textarea. */
  text: string;
  /** The body the server has at `version` (as far as this editor knows). */
  saved: string;
  /** Version of `saved`; 0 when the answer was never saved. */
  version: number;
  status: TAutosaveStatus;
  /** The body of the save in flight, if any. */
  inFlight: string | null;
  error: string | null;
  /** The other person's saved answer after a refused save. */
  conflict: { theirs: string; version: number } | null;
};

export type TAutosaveEvent =
  | { type: "edit"; text: string }
  | { type: "saveStarted"; body: string }
  | { type: "saveSucceeded"; body: string; version: number }
  | { type: "saveFailed"; error: string }
  | { type: "saveConflicted"; theirs: string; version: number }
  | { type: "reapplyMine" }
  | { type: "keepTheirs" };

export function initialAutosaveState(body: string, version: number): TAutosaveState {
  return { text: body, saved: body, version, status: "idle", inFlight: null, error: null, conflict: null };
}

export function autosaveReducer(state: TAutosaveState, event: TAutosaveEvent): TAutosaveState {
  switch (event.type) {
    case "edit": {
      if (event.text === state.text) return state;
      // While a save is in flight or a conflict is open, keep that status; the text still changes.
      if (state.inFlight !== null || state.status === "conflict") return { ...state, text: event.text };
      const status: TAutosaveStatus =
        event.text !== state.saved ? "dirty" : state.status === "saved" ? "saved" : "idle";
      return { ...state, text: event.text, status, error: null };
    }
    case "saveStarted":
      return { ...state, inFlight: event.body, status: "saving", error: null };
    case "saveSucceeded":
      return {
        ...state,
        saved: event.body,
        version: event.version,
        inFlight: null,
        error: null,
        // Typed on while the save was in flight: the rest is still to save.
        status: state.text === event.body ? "saved" : "dirty",
      };
    case "saveFailed":
      return { ...state, inFlight: null, status: "failed", error: event.error };
    case "saveConflicted":
      return {
        ...state,
        inFlight: null,
        status: "conflict",
        error: null,
        conflict: { theirs: event.theirs, version: event.version },
      };
    case "reapplyMine": {
      if (!state.conflict) return state;
      // Based on their version now; the next save puts mine on top of theirs.
      const { theirs, version } = state.conflict;
      return { ...state, saved: theirs, version, conflict: null, status: state.text === theirs ? "saved" : "dirty" };
    }
    case "keepTheirs": {
      if (!state.conflict) return state;
      const { theirs, version } = state.conflict;
      return { ...state, text: theirs, saved: theirs, version, conflict: null, status: "saved" };
    }
  }
}

/** A save should be sent now (or after the typing pause): unsaved text, nothing in flight, no open conflict. */
export function needsSave(state: TAutosaveState): boolean {
  return state.inFlight === null && state.status !== "conflict" && state.text !== state.saved;
}

/** Has text that is not (yet) stored: leaving the page now could lose it. */
export function hasUnsavedText(state: TAutosaveState): boolean {
  return state.text !== state.saved || state.inFlight !== null || state.status === "conflict";
}

/** The status line announced in the live region. */
export function autosaveStatusText(state: TAutosaveState): string {
  switch (state.status) {
    case "saving":
      return "Saving…";
    case "saved":
      return "Saved";
    case "failed":
      return "Save failed — retry";
    case "conflict":
      return "Not saved: someone else changed this answer";
    case "dirty":
    case "idle":
      // Nothing to announce while typing; "Saved" must not linger over unsaved text.
      return "";
  }
}
