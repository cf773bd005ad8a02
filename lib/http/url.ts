// External links people paste into a review (tickets, dashboards, help-center
// pages): only absolute http(s) URLs, so nothing like javascript: or data:
// can end up in an href. Shared by forms (client) and actions (server).
import { z } from "zod";

export const MAX_URL_LENGTH = 2000;

// The URL parser forgives what an href must not carry through: leading control
// characters or spaces ("\u0000https://…" parses as https), a missing "//"
// ("https:host") and backslashes. The text itself must start with the scheme and "//".
const HTTP_PREFIX = /^https?:\/\//i;

/** True for an absolute http: or https: URL with a host, written as such (scheme and "//" first). */
export function isHttpUrl(value: string): boolean {
  if (!HTTP_PREFIX.test(value)) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (url.protocol === "http:" || url.protocol === "https:") && url.hostname.length > 0;
}

/** A required http(s) URL of at most 2,000 characters. */
export const ZHttpUrl = z
  .string()
  .trim()
  .min(1, { error: "Enter a URL." })
  .max(MAX_URL_LENGTH, { error: `Use at most ${MAX_URL_LENGTH.toLocaleString("en-US")} characters.` })
  .refine(isHttpUrl, { error: "Enter a full http:// or https:// URL." });
