// Step 2 validation criterion: "No production secrets, user data, or regulated
// data appear in the smoke prompt." A pattern check cannot prove a prompt
// clean, but it catches the common leaks before a prompt is sent or stored.
//
// Every pattern is written to run in linear time on hostile input (bounded
// repetitions, lookbehinds that only start a match at the beginning of a
// run), because the text comes straight from a form field.

export type TSafetyCategory = "SECRET" | "PERSONAL_DATA";

export type TSafetyKind =
  | "PRIVATE_KEY"
  | "JWT"
  | "OPENAI_KEY"
  | "AWS_ACCESS_KEY"
  | "BEARER_TOKEN"
  | "URL_CREDENTIALS"
  | "CREDENTIAL_ASSIGNMENT"
  | "EMAIL"
  | "PHONE"
  | "CREDIT_CARD"
  | "IPV4"
  | "IBAN";

export type TSafetyFinding = {
  readonly kind: TSafetyKind;
  readonly category: TSafetyCategory;
  readonly label: string;
  /** UTF-16 offsets into the checked text; `end` is exclusive. */
  readonly start: number;
  readonly end: number;
  /** Length of the match in characters (code points). */
  readonly length: number;
  /** At most a quarter (and at most 4 characters) of the match, then "…". */
  readonly preview: string;
};

export type TSafetyResult = {
  readonly safe: boolean;
  readonly findings: readonly TSafetyFinding[];
};

type TDetector = {
  readonly kind: TSafetyKind;
  readonly category: TSafetyCategory;
  readonly label: string;
  /** Global; when it has a `secret` group (with the d flag) only that group is reported. */
  readonly pattern: RegExp;
  readonly accept?: (match: string) => boolean;
};

// ─── Validators ────────────────────────────────────────────────────────────

const digitsOf = (s: string) => s.replace(/\D/g, "");

/** Luhn checksum, the check digit scheme of payment card numbers. */
export function passesLuhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** ISO 13616 check: rearranged, letters as numbers, the value mod 97 is 1. */
export function passesIbanChecksum(candidate: string): boolean {
  const iban = candidate.replace(/ /g, "");
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const value = ch >= "A" ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

// A reference such as ${API_KEY} or $API_KEY names where a secret lives; it is not one.
const ENV_REFERENCE = /^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/;

// ─── Detectors ─────────────────────────────────────────────────────────────

const OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";

const DETECTORS: readonly TDetector[] = [
  {
    kind: "PRIVATE_KEY",
    category: "SECRET",
    label: "private key block",
    // An unterminated block is still a leak, so the match may run to the end.
    pattern: /-----BEGIN (?:[A-Z0-9]{1,20} ){0,3}PRIVATE KEY-----[\s\S]*?(?:-----END (?:[A-Z0-9]{1,20} ){0,3}PRIVATE KEY-----|$)/g,
  },
  {
    kind: "JWT",
    category: "SECRET",
    label: "JSON Web Token",
    pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g,
  },
  {
    kind: "OPENAI_KEY",
    category: "SECRET",
    label: "API key (sk-…)",
    pattern: /(?<![A-Za-z0-9_-])sk-[A-Za-z0-9_-]{20,}/g,
  },
  {
    kind: "AWS_ACCESS_KEY",
    category: "SECRET",
    label: "AWS access key ID",
    pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![A-Za-z0-9])/g,
  },
  {
    kind: "BEARER_TOKEN",
    category: "SECRET",
    label: "bearer token",
    pattern: /\bBearer[ \t]+(?<secret>[A-Za-z0-9._~+/-]{16,}=*)/dgi,
  },
  {
    kind: "URL_CREDENTIALS",
    category: "SECRET",
    label: "credentials in a URL",
    pattern: /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,31}:\/\/(?<secret>[^\s:/@]{1,256}:[^\s/@]{1,256})@/dg,
  },
  {
    kind: "CREDENTIAL_ASSIGNMENT",
    category: "SECRET",
    label: "credential assignment",
    pattern:
      /\b(?:api[_-]?key|access[_-]?token|auth[_-]?token|client[_-]?secret|secret|password|passwd|pwd|token)["']?[ \t]*[:=][ \t]*["']?(?<secret>[^\s"'&,;{}()[\]<>`]{4,})/dgi,
    accept: (value) => !ENV_REFERENCE.test(value),
  },
  {
    kind: "EMAIL",
    category: "PERSONAL_DATA",
    label: "e-mail address",
    pattern: /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9-])/g,
  },
  {
    kind: "PHONE",
    category: "PERSONAL_DATA",
    label: "phone number",
    pattern: /(?<![\w+])\+\d{1,3}(?:[ .-]?\(?\d{1,4}\)?){2,5}(?!\w)/g,
    accept: (match) => digitsOf(match).length >= 8 && digitsOf(match).length <= 15,
  },
  {
    kind: "PHONE",
    category: "PERSONAL_DATA",
    label: "phone number",
    pattern: /(?<![\w(])(?:\(\d{3}\) ?|\d{3}[-. ])\d{3}[-. ]\d{4}(?!\w)/g,
  },
  {
    kind: "CREDIT_CARD",
    category: "PERSONAL_DATA",
    label: "payment card number",
    // Card numbers start with 2–6; that skips millisecond timestamps.
    pattern: /(?<![\d-])[2-6](?:[ -]?\d){12,18}(?!\d)/g,
    accept: (match) => passesLuhn(digitsOf(match)),
  },
  {
    kind: "IPV4",
    category: "PERSONAL_DATA",
    label: "IPv4 address",
    pattern: new RegExp(`(?<![\\d.])(?:${OCTET}\\.){3}${OCTET}(?!\\d|\\.\\d)`, "g"),
  },
  {
    kind: "IBAN",
    category: "PERSONAL_DATA",
    label: "IBAN",
    pattern: /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![A-Za-z0-9])/g,
    accept: passesIbanChecksum,
  },
];

// ─── Checking ──────────────────────────────────────────────────────────────

/**
 * Shows at most a quarter of the match (never more than 4 characters). The
 * preview is therefore always shorter than the match and cannot contain it.
 */
function preview(match: string): string {
  const chars = Array.from(match);
  const shown = Math.min(4, Math.floor(chars.length / 4));
  return `${chars.slice(0, shown).join("")}…`;
}

function scan(text: string): TSafetyFinding[] {
  const found: { finding: TSafetyFinding; priority: number }[] = [];
  DETECTORS.forEach((detector, priority) => {
    // Fresh RegExp per call: global regexes carry lastIndex state.
    const re = new RegExp(detector.pattern.source, detector.pattern.flags);
    for (const m of text.matchAll(re)) {
      const group = m.indices?.groups?.["secret"];
      const [start, end] = group ?? [m.index, m.index + m[0].length];
      const value = text.slice(start, end);
      if (value.length === 0) continue;
      if (detector.accept !== undefined && !detector.accept(group === undefined ? m[0] : value)) continue;
      found.push({
        priority,
        finding: {
          kind: detector.kind,
          category: detector.category,
          label: detector.label,
          start,
          end,
          length: Array.from(value).length,
          preview: preview(value),
        },
      });
    }
  });

  // One leak, one finding: drop a finding that lies inside an earlier one
  // (a JWT in a bearer header), and personal-data matches that overlap an
  // earlier one (the "pass@host" of URL credentials looks like an e-mail).
  // A secret is always kept, even when it only overlaps.
  found.sort(
    (a, b) =>
      a.finding.start - b.finding.start || b.finding.end - a.finding.end || a.priority - b.priority,
  );
  const kept: TSafetyFinding[] = [];
  let coverEnd = -1;
  for (const { finding } of found) {
    if (finding.end <= coverEnd) continue;
    if (finding.start < coverEnd && finding.category === "PERSONAL_DATA") continue;
    kept.push(finding);
    coverEnd = finding.end;
  }
  return kept;
}

/** Flags secrets and personal data in a smoke message. Never throws on string input. */
export function checkSmokeMessageSafety(text: string): TSafetyResult {
  const findings = typeof text === "string" ? scan(text) : [];
  return { safe: findings.length === 0, findings };
}

/** The message with every finding replaced by `[REDACTED:KIND]`, for storing sanitized samples. */
export function redactSmokeMessage(text: string): string {
  const { findings } = checkSmokeMessageSafety(text);
  let out = "";
  let cursor = 0;
  for (const f of findings) {
    // Partially overlapping findings: the earlier one already covers the overlap.
    const start = Math.max(f.start, cursor);
    if (f.end <= start) continue;
    out += `${text.slice(cursor, start)}[REDACTED:${f.kind}]`;
    cursor = f.end;
  }
  return out + text.slice(cursor);
}
