// File names inside the bundle. Attachment names are user text: they are
// redacted with the strictest policy (secrets and personal data) and reduced
// to a portable character set before they become a path.
import { redactPersonalData, redactSecrets } from "@/lib/privacy/redact";

/** Only [A-Za-z0-9._-], no leading dot, at most 80 characters; never empty. */
export function portableFileName(name: string): string {
  const cleaned = redactPersonalData(redactSecrets(name).text)
    .text.normalize("NFKD")
    .replace(/[^A-Za-z0-9._-]+/g, "_")
    .replace(/_+/g, "_")
    .replace(/^[._-]+/, "");
  const cut = cleaned.length > 80 ? cleaned.slice(cleaned.length - 80).replace(/^[._-]+/, "") : cleaned;
  return cut.length > 0 ? cut : "file";
}

/** `attachments/NN-name`: numbered so two files with the same name never collide. */
export function attachmentBundlePath(index: number, fileName: string): string {
  return `attachments/${String(index + 1).padStart(2, "0")}-${portableFileName(fileName)}`;
}

/** Matches what attachmentBundlePath produces (the sanitizer lets these through unchanged). */
export const BUNDLE_PATH_RE = /^attachments\/\d{2,}-[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;
