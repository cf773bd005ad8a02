import { describe, expect, it } from "vitest";
import { contentDisposition, encodeRfc8187 } from "./content-disposition";

describe("contentDisposition", () => {
  it("always says attachment and encodes the name as UTF-8", () => {
    expect(contentDisposition("graph.png")).toBe("attachment; filename*=UTF-8''graph.png");
    expect(contentDisposition("Größe (final).csv")).toBe("attachment; filename*=UTF-8''Gr%C3%B6%C3%9Fe%20%28final%29.csv");
  });
  it("cannot be broken out of with quotes, semicolons or line breaks", () => {
    const header = contentDisposition('a"; filename=evil.html\r\nX-Injected: 1.txt');
    const value = header.slice("attachment; filename*=UTF-8''".length);
    expect(header.startsWith("attachment; filename*=UTF-8''")).toBe(true);
    expect(value).toMatch(/^[A-Za-z0-9%._~!-]+$/);
    expect(encodeRfc8187("it's*")).toBe("it%27s%2A");
  });
});
