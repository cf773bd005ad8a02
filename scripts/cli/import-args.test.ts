import { describe, expect, it } from "vitest";
import { parseImportArgs } from "./import-args";

describe("parseImportArgs", () => {
  it("parses the full form and defaults", () => {
    expect(parseImportArgs(["--incident", "INC-2026-0001", "--file", "logs/a.jsonl"])).toEqual({
      ok: true,
      help: false,
      args: { incident: "INC-2026-0001", file: "logs/a.jsonl", format: "auto", skipInvalid: false },
    });
    expect(parseImportArgs(["--incident=INC-2026-0012", "--file=x.csv", "--format", "CSV", "--skip-invalid"])).toEqual({
      ok: true,
      help: false,
      args: { incident: "INC-2026-0012", file: "x.csv", format: "csv", skipInvalid: true },
    });
  });
  it("asks for help", () => {
    expect(parseImportArgs(["--help"])).toEqual({ ok: true, help: true });
    expect(parseImportArgs(["-h"])).toEqual({ ok: true, help: true });
  });
  it("explains what is missing or wrong", () => {
    const error = (argv: string[]) => {
      const r = parseImportArgs(argv);
      return r.ok ? null : r.error;
    };
    expect(error(["--file", "x"])).toMatch(/Missing --incident/);
    expect(error(["--incident", "INC-2026-0001"])).toMatch(/Missing --file/);
    expect(error(["--incident", "nope", "--file", "x"])).toMatch(/not an incident key/);
    expect(error(["--incident", "INC-2026-0001", "--file", "x", "--format", "xml"])).toMatch(/Unknown --format "xml"/);
    expect(error(["--incident", "INC-2026-0001", "--file", "x", "--bogus"])).toMatch(/bogus/);
    expect(error(["--incident", "INC-2026-0001", "--file", "x", "extra"])).toMatch(/positional/i);
    expect(error(["--incident"])).toMatch(/argument missing|--incident/);
  });
});
