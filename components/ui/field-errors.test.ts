import { describe, expect, it } from "vitest";
import { showFieldErrors } from "./field-errors";

type TValues = { title: string; note: string };

function recorder() {
  const calls: [string, string | undefined][] = [];
  const setError = ((name: string, error: { message?: string }) => calls.push([name, error.message])) as never;
  return { calls, setError };
}

describe("showFieldErrors", () => {
  it("puts each field's messages, joined, on that field and leaves _form to the caller", () => {
    const { calls, setError } = recorder();
    showFieldErrors<TValues>(setError, { title: ["Required.", "Too short."], _form: ["Nothing was saved."], note: ["Too long."] });
    expect(calls).toEqual([
      ["title", "Required. Too short."],
      ["note", "Too long."],
    ]);
  });

  it("keeps to the listed fields, and does nothing without field errors", () => {
    const { calls, setError } = recorder();
    showFieldErrors<TValues>(setError, { title: ["Required."], note: ["Too long."] }, ["note"]);
    showFieldErrors<TValues>(setError, undefined);
    expect(calls).toEqual([["note", "Too long."]]);
  });
});
