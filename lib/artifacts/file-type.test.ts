import { describe, expect, it } from "vitest";
import { detectFileType, fileExtension, sanitizeFileName, sniffBinaryKind, textProblem, UPLOAD_ACCEPT } from "./file-type";

const bytes = (...parts: (number[] | string)[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? Array.from(new TextEncoder().encode(p)) : p)));

const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0, 0, 0, 13], "IHDR");
const JPEG = bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], "JFIF");
const GIF87 = bytes("GIF87a", [1, 0, 1, 0]);
const GIF89 = bytes("GIF89a", [1, 0, 1, 0]);
const WEBP = bytes("RIFF", [0x24, 0, 0, 0], "WEBPVP8 ");
const PDF = bytes("%PDF-1.7\n%\xe2\xe3\n");
const TEXT = bytes("timestamp,status\n2026-05-08T09:12:00Z,504\n");

describe("sniffBinaryKind", () => {
  it("recognizes each accepted binary format by its signature", () => {
    expect(sniffBinaryKind(PNG)).toBe("png");
    expect(sniffBinaryKind(JPEG)).toBe("jpeg");
    expect(sniffBinaryKind(GIF87)).toBe("gif");
    expect(sniffBinaryKind(GIF89)).toBe("gif");
    expect(sniffBinaryKind(WEBP)).toBe("webp");
    expect(sniffBinaryKind(PDF)).toBe("pdf");
  });
  it("does not match near misses, RIFF files that are not WebP, truncated signatures or text", () => {
    expect(sniffBinaryKind(bytes("RIFF", [0, 0, 0, 0], "WAVEfmt "))).toBeNull();
    expect(sniffBinaryKind(bytes("GIF88a"))).toBeNull();
    expect(sniffBinaryKind(bytes([0x89, 0x50, 0x4e, 0x47]))).toBeNull();
    expect(sniffBinaryKind(bytes([0xff, 0xd8]))).toBeNull();
    expect(sniffBinaryKind(bytes("%PDF"))).toBeNull();
    expect(sniffBinaryKind(TEXT)).toBeNull();
  });
});

describe("textProblem", () => {
  it("accepts UTF-8 including multi-byte characters and a BOM", () => {
    expect(textProblem(bytes("Grüße, 東京 — ✓"))).toBeNull();
    expect(textProblem(bytes([0xef, 0xbb, 0xbf], "hello"))).toBeNull();
  });
  it("refuses NUL bytes and invalid UTF-8", () => {
    expect(textProblem(bytes("abc", [0], "def"))).toBe("nul");
    expect(textProblem(bytes([0xc3, 0x28]))).toBe("not-utf8");
    expect(textProblem(bytes([0xff, 0xfe, 0x41]))).toBe("not-utf8");
  });
});

describe("detectFileType", () => {
  it("accepts each type when name and content agree, with the type to serve", () => {
    expect(detectFileType("graph.png", PNG)).toEqual({ ok: true, kind: "png", mimeType: "image/png" });
    expect(detectFileType("photo.JPG", JPEG)).toEqual({ ok: true, kind: "jpeg", mimeType: "image/jpeg" });
    expect(detectFileType("photo.jpeg", JPEG)).toMatchObject({ ok: true, mimeType: "image/jpeg" });
    expect(detectFileType("anim.gif", GIF87)).toMatchObject({ ok: true, mimeType: "image/gif" });
    expect(detectFileType("anim.gif", GIF89)).toMatchObject({ ok: true, mimeType: "image/gif" });
    expect(detectFileType("shot.webp", WEBP)).toMatchObject({ ok: true, mimeType: "image/webp" });
    expect(detectFileType("report.pdf", PDF)).toMatchObject({ ok: true, mimeType: "application/pdf" });
    expect(detectFileType("notes.txt", TEXT)).toMatchObject({ ok: true, kind: "text", mimeType: "text/plain; charset=utf-8" });
    expect(detectFileType("rows.csv", TEXT)).toMatchObject({ ok: true, mimeType: "text/csv; charset=utf-8" });
    expect(detectFileType("notes.md", bytes("# Timeline\n- 09:12 alert"))).toMatchObject({ ok: true, mimeType: "text/markdown; charset=utf-8" });
    expect(detectFileType("sample.json", bytes('{"model":"gpt-4.1"}'))).toMatchObject({ ok: true, mimeType: "application/json" });
  });

  it("refuses a spoofed extension: a .png whose content is text", () => {
    const r = detectFileType("x.png", bytes("this is not an image"));
    expect(r).toEqual({ ok: false, message: '"x.png" is named as a PNG image, but its content is plain text. Nothing was uploaded.' });
  });

  it("refuses other mismatches between name and content", () => {
    expect(detectFileType("graph.png", JPEG)).toMatchObject({ ok: false, message: expect.stringContaining("its content is a JPEG image") });
    expect(detectFileType("report.pdf", PNG)).toMatchObject({ ok: false, message: expect.stringContaining("named as a PDF document") });
    expect(detectFileType("notes.txt", PDF)).toMatchObject({ ok: false, message: expect.stringContaining("its content is a PDF document") });
    expect(detectFileType("data.json", bytes("{not json"))).toMatchObject({ ok: false, message: expect.stringContaining("not valid JSON") });
  });

  it("refuses binary junk whatever it is called", () => {
    const junk = new Uint8Array(256).map((_, i) => (i * 37 + 11) % 256);
    expect(detectFileType("graph.png", junk)).toMatchObject({ ok: false, message: expect.stringContaining("binary data of an unrecognized type") });
    expect(detectFileType("notes.txt", junk).ok).toBe(false);
  });

  it("refuses text with a NUL byte", () => {
    expect(detectFileType("notes.txt", bytes("line one", [0], "line two"))).toMatchObject({
      ok: false,
      message: expect.stringContaining("contains NUL bytes"),
    });
  });

  it("refuses an empty file", () => {
    expect(detectFileType("empty.txt", new Uint8Array(0))).toEqual({ ok: false, message: '"empty.txt" is empty. Choose a file with content.' });
  });

  it("refuses forbidden and missing extensions, even with acceptable content", () => {
    expect(detectFileType("run.exe", PNG)).toMatchObject({ ok: false, message: expect.stringContaining('Files of type ".exe" are not accepted.') });
    expect(detectFileType("page.html", bytes("<script>alert(1)</script>"))).toMatchObject({ ok: false });
    expect(detectFileType("image.svg", bytes("<svg xmlns='http://www.w3.org/2000/svg'/>"))).toMatchObject({ ok: false });
    expect(detectFileType("README", TEXT)).toMatchObject({ ok: false, message: expect.stringContaining("has no file extension") });
  });
});

describe("file names", () => {
  it("keeps the base name only, without control characters", () => {
    expect(sanitizeFileName("C:\\Users\\me\\graph.png")).toBe("graph.png");
    expect(sanitizeFileName("../../etc/passwd.txt")).toBe("passwd.txt");
    expect(sanitizeFileName("bad\r\nname\u0000.txt")).toBe("badname.txt");
    expect(sanitizeFileName("")).toBe("file");
    const long = sanitizeFileName(`${"a".repeat(300)}.csv`);
    expect(long).toHaveLength(200);
    expect(long.endsWith(".csv")).toBe(true);
  });
  it("reads the extension case-insensitively; dot-files have none", () => {
    expect(fileExtension("A.PNG")).toBe("png");
    expect(fileExtension(".env")).toBe("");
    expect(fileExtension("name.")).toBe("");
  });
  it("offers the accepted extensions to the file picker", () => {
    expect(UPLOAD_ACCEPT.split(",")).toEqual(expect.arrayContaining([".png", ".jpg", ".jpeg", ".gif", ".webp", ".pdf", ".txt", ".csv", ".md", ".json"]));
  });
});
