import { describe, expect, it } from "vitest";
import { parseExportArgs } from "./export-args";

describe("cli export arguments", () => {
  it("parses the incident, output path and options", () => {
    expect(parseExportArgs(["--incident", "INC-2026-0001", "--out", "x/y.zip"])).toEqual({
      ok: true,
      help: false,
      args: { incident: "INC-2026-0001", out: "x/y.zip", as: null, quiet: false },
    });
    expect(parseExportArgs(["--incident", "INC-2026-0001", "--as", "a@b.test", "--quiet"])).toMatchObject({ ok: true, args: { out: null, as: "a@b.test", quiet: true } });
    expect(parseExportArgs(["--help"])).toEqual({ ok: true, help: true });
  });

  it("refuses wrong usage", () => {
    expect(parseExportArgs([])).toMatchObject({ ok: false });
    expect(parseExportArgs(["--incident", "nope"])).toMatchObject({ ok: false });
    expect(parseExportArgs(["--incident", "INC-2026-0001", "--out", "a.tar"])).toMatchObject({ ok: false });
    expect(parseExportArgs(["--incident", "INC-2026-0001", "--bogus"])).toMatchObject({ ok: false });
  });
});
