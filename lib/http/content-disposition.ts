// Content-Disposition for downloads: always "attachment" (never shown inline),
// with the name encoded per RFC 8187 so any characters survive intact and
// nothing in the name can break out of the header.

/** RFC 8187 value encoding: UTF-8, percent-encoding everything but attr-chars. */
export function encodeRfc8187(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function contentDisposition(fileName: string): string {
  return `attachment; filename*=UTF-8''${encodeRfc8187(fileName)}`;
}
