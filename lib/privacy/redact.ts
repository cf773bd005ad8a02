/**
 * Secret and personal-data redaction for free text that may end up in the database or in an export.
 *
 * JavaScript's regex engine backtracks, so every pattern is shaped to keep the total work linear
 * in the input length, even on adversarial input:
 * - prefix-keyed tokens (sk-…, ghp_…) end in an unbounded run with nothing after it, so an attempt
 *   either succeeds and consumes the run or fails within the minimum length; they only need to
 *   not start inside a word, which lets them catch keys glued to a prefix ("req-sk-live-…");
 * - patterns with a condition after an unbounded run (JWT dots, e-mail "@") may only start at the
 *   beginning of a run of their characters (negative lookbehind), so no run is re-scanned from
 *   every position ("eyJeyJeyJ…" would otherwise be quadratic);
 * - private-key blocks are located with indexOf.
 */

export const SECRET_KINDS = [
  "private_key",
  "bearer_token",
  "basic_auth",
  "url_password",
  "jwt",
  "api_key",
  "aws_access_key",
  "github_token",
  "slack_token",
  "google_api_key",
  "stripe_key",
  "huggingface_token",
  "secret_param",
] as const;
export type TSecretKind = (typeof SECRET_KINDS)[number];

export const PERSONAL_DATA_KINDS = ["email", "phone"] as const;
export type TPersonalDataKind = (typeof PERSONAL_DATA_KINDS)[number];

export type TKindCounts<K extends string> = Partial<Record<K, number>>;

export type TRedactionResult<K extends string> = {
  text: string;
  /** Number of replaced occurrences. */
  count: number;
  byKind: TKindCounts<K>;
};

/** The marker that replaces a redacted value, e.g. `[REDACTED:api_key]`. */
export function redactionMarker(kind: TSecretKind | TPersonalDataKind): string {
  return `[REDACTED:${kind}]`;
}

function bump<K extends string>(counts: TKindCounts<K>, kind: K, by = 1): void {
  counts[kind] = (counts[kind] ?? 0) + by;
}

// Each alternative is a named group; the replacer looks at which one matched.
// Lookbehinds pin the start of a match to the start of a token run (see file comment).
const SECRET_SOURCES: readonly string[] = [
  // Authorization header schemes: keep the scheme word, drop the credential.
  String.raw`(?<authScheme>(?<![A-Za-z0-9])(?:[Bb]earer|BEARER|[Bb]asic|BASIC)[ \t]+)(?<authValue>[A-Za-z0-9._~+/\-]{8,}=*)`,
  // Password in URL userinfo (scheme://user:password@host): keep scheme and user.
  String.raw`(?<urlPrefix>(?<![A-Za-z0-9+.\-])[A-Za-z][A-Za-z0-9+.\-]{0,30}://[^\s/?#@:]{1,256}:)(?<urlPassword>[^\s/?#@]{1,256})(?=@)`,
  // JSON Web Tokens: base64url header "eyJ…" . payload "eyJ…" . signature (may be empty for alg=none).
  String.raw`(?<jwt>(?<![A-Za-z0-9_.\-])eyJ[A-Za-z0-9_\-]{5,}\.eyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]*)`,
  // OpenAI / Anthropic style keys: sk-…, sk-proj-…, sk-ant-…, sk-live-….
  String.raw`(?<skKey>(?<![A-Za-z0-9])sk-[A-Za-z0-9_\-]{16,})`,
  String.raw`(?<stripe>(?<![A-Za-z0-9])[sr]k_(?:live|test)_[A-Za-z0-9]{16,})`,
  String.raw`(?<aws>(?<![A-Za-z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA)[A-Z0-9]{16}(?![A-Za-z0-9]))`,
  String.raw`(?<github>(?<![A-Za-z0-9])(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}))`,
  String.raw`(?<slack>(?<![A-Za-z0-9])xox[abposr]-[A-Za-z0-9\-]{10,})`,
  String.raw`(?<google>(?<![A-Za-z0-9])AIza[A-Za-z0-9_\-]{35})`,
  String.raw`(?<hf>(?<![A-Za-z0-9])hf_[A-Za-z0-9]{30,})`,
  // password=… / pwd: … — any value, passwords are short.
  String.raw`(?<pwName>(?<![A-Za-z0-9])(?:password|passwd|pwd)\\?["']?[ \t]{0,3}[:=][ \t]{0,3}\\?["']?)(?<pwValue>[^\s"'\\&,;<>{}\[\]]+)`,
  // key=/token=/secret=… followed by a token-looking value of at least 8 characters.
  String.raw`(?<paramName>(?<![A-Za-z0-9])(?:api[_\-]?key|apikey|access[_\-]?key|secret[_\-]?key|private[_\-]?key|client[_\-]?secret|access[_\-]?token|auth[_\-]?token|refresh[_\-]?token|id[_\-]?token|token|secret|key)\\?["']?[ \t]{0,3}[:=][ \t]{0,3}\\?["']?)(?<paramValue>[A-Za-z0-9+/=_.~:\-]{8,})`,
];

const SECRET_RE = new RegExp(SECRET_SOURCES.join("|"), "g");

// Cheap prefilter: every secret pattern needs one of these substrings, so most log values skip
// the big regex entirely.
const SECRET_HINT_RE = /earer|asic|EARER|ASIC|:\/\/|eyJ|sk-|k_live_|k_test_|AKIA|ASIA|AGPA|AIDA|AROA|gh[pousr]_|github_pat_|xox|AIza|hf_|pass|pwd|key|token|secret/i;

const PRIVATE_KEY_BEGIN_RE = /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/y;
const PRIVATE_KEY_END_RE = /-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/y;

/** Replaces PEM/PGP private key blocks. A block without an END marker is redacted to the end. */
function redactPrivateKeys(text: string, counts: TKindCounts<TSecretKind>): string {
  let from = text.indexOf("-----BEGIN ");
  if (from === -1) return text;
  let out = "";
  let copied = 0;
  while (from !== -1) {
    PRIVATE_KEY_BEGIN_RE.lastIndex = from;
    if (!PRIVATE_KEY_BEGIN_RE.test(text)) {
      from = text.indexOf("-----BEGIN ", from + 1);
      continue;
    }
    let end = -1;
    let search = PRIVATE_KEY_BEGIN_RE.lastIndex;
    for (;;) {
      const candidate = text.indexOf("-----END ", search);
      if (candidate === -1) break;
      PRIVATE_KEY_END_RE.lastIndex = candidate;
      if (PRIVATE_KEY_END_RE.test(text)) {
        end = PRIVATE_KEY_END_RE.lastIndex;
        break;
      }
      search = candidate + 1;
    }
    out += text.slice(copied, from) + redactionMarker("private_key");
    bump(counts, "private_key");
    if (end === -1) return out;
    copied = end;
    from = text.indexOf("-----BEGIN ", end);
  }
  return out + text.slice(copied);
}

const VALUE_KINDS: ReadonlyArray<[RegExp, TSecretKind]> = [
  [/^sk-/, "api_key"],
  [/^(?:AKIA|ASIA|AGPA|AIDA|AROA)[A-Z0-9]{16}$/, "aws_access_key"],
  [/^(?:gh[pousr]_|github_pat_)/, "github_token"],
  [/^xox[abposr]-/, "slack_token"],
  [/^AIza/, "google_api_key"],
  [/^[sr]k_(?:live|test)_/, "stripe_key"],
  [/^hf_/, "huggingface_token"],
  [/^eyJ[\w-]*\.eyJ/, "jwt"],
];

/** A `key=value` match is labelled by the value's own shape when it has one (sk-…, ghp_…). */
function kindOfValue(value: string): TSecretKind {
  for (const [re, kind] of VALUE_KINDS) if (re.test(value)) return kind;
  return "secret_param";
}

/**
 * Replaces API keys, bearer/basic credentials, JWTs, private keys, URL passwords and
 * `key=`/`token=`/`secret=`/`password=` values with `[REDACTED:kind]` markers.
 */
export function redactSecrets(text: string): TRedactionResult<TSecretKind> {
  const byKind: TKindCounts<TSecretKind> = {};
  if (typeof text !== "string" || text.length === 0) return { text: typeof text === "string" ? text : "", count: 0, byKind };
  let out = redactPrivateKeys(text, byKind);
  if (SECRET_HINT_RE.test(out)) {
    out = out.replace(SECRET_RE, (...args: unknown[]) => {
      const groups = args[args.length - 1] as Record<string, string | undefined>;
      if (groups.authScheme !== undefined) {
        const kind: TSecretKind = groups.authScheme.trim().toLowerCase() === "basic" ? "basic_auth" : "bearer_token";
        bump(byKind, kind);
        return groups.authScheme + redactionMarker(kind);
      }
      if (groups.urlPrefix !== undefined) {
        bump(byKind, "url_password");
        return groups.urlPrefix + redactionMarker("url_password");
      }
      if (groups.pwName !== undefined) {
        bump(byKind, "secret_param");
        return groups.pwName + redactionMarker("secret_param");
      }
      if (groups.paramName !== undefined) {
        const kind = kindOfValue(groups.paramValue ?? "");
        bump(byKind, kind);
        return groups.paramName + redactionMarker(kind);
      }
      const kind: TSecretKind =
        groups.jwt !== undefined
          ? "jwt"
          : groups.skKey !== undefined
            ? "api_key"
            : groups.stripe !== undefined
              ? "stripe_key"
              : groups.aws !== undefined
                ? "aws_access_key"
                : groups.github !== undefined
                  ? "github_token"
                  : groups.slack !== undefined
                    ? "slack_token"
                    : groups.google !== undefined
                      ? "google_api_key"
                      : "huggingface_token";
      bump(byKind, kind);
      return redactionMarker(kind);
    });
  }
  return { text: out, count: sumCounts(byKind), byKind };
}

// Local part may be long; domain labels are bounded; TLD is letters only. Anchored at run starts.
const EMAIL_SOURCE = String.raw`(?<email>(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}\.)+[A-Za-z]{2,24}(?![A-Za-z0-9\-]))`;
// Phone numbers with separators ((415) 555-0100, +44 20 7946 0958, 415.555.0100) or compact E.164.
// The lookbehind/lookahead reject digit runs that continue an IP address, version or date.
const PHONE_SOURCE = String.raw`(?<phone>(?<![A-Za-z0-9+]|\d[.\-])(?:\+[1-9]\d{7,14}|(?:\+[1-9]\d{0,2}[ .\-]?)?(?:\(\d{2,4}\)[ .\-]?|\d{2,4}[ .\-])\d{3,4}[ .\-]?\d{3,4})(?!\.?\d))`;
const PERSONAL_RE = new RegExp(`${EMAIL_SOURCE}|${PHONE_SOURCE}`, "g");
const PERSONAL_HINT_RE = /@|\d{3}/;

/** Replaces e-mail addresses and phone numbers with `[REDACTED:email]` / `[REDACTED:phone]`. */
export function redactPersonalData(text: string): TRedactionResult<TPersonalDataKind> {
  const byKind: TKindCounts<TPersonalDataKind> = {};
  if (typeof text !== "string" || text.length === 0) return { text: typeof text === "string" ? text : "", count: 0, byKind };
  if (!PERSONAL_HINT_RE.test(text)) return { text, count: 0, byKind };
  const out = text.replace(PERSONAL_RE, (...args: unknown[]) => {
    const groups = args[args.length - 1] as Record<string, string | undefined>;
    const kind: TPersonalDataKind = groups.email !== undefined ? "email" : "phone";
    bump(byKind, kind);
    return redactionMarker(kind);
  });
  return { text: out, count: sumCounts(byKind), byKind };
}

function sumCounts(counts: Partial<Record<string, number>>): number {
  let total = 0;
  for (const value of Object.values(counts)) total += value ?? 0;
  return total;
}

export type TFreeTextPolicy = {
  /** Also replace e-mail addresses and phone numbers. */
  redactPersonalData: boolean;
  /** Truncate (after redaction) to this many characters, or keep everything when null. */
  maxLength: number | null;
};

export const DEFAULT_FREE_TEXT_POLICY: TFreeTextPolicy = { redactPersonalData: true, maxLength: null };

export type TSanitizedText = {
  text: string;
  secrets: TKindCounts<TSecretKind>;
  personalData: TKindCounts<TPersonalDataKind>;
  redactedCount: number;
  truncated: boolean;
};

const ELLIPSIS = "…";

/** Cuts to at most maxLength UTF-16 units without splitting a surrogate pair. */
export function truncateText(text: string, maxLength: number): { text: string; truncated: boolean } {
  if (text.length <= maxLength) return { text, truncated: false };
  if (maxLength <= ELLIPSIS.length) return { text: ELLIPSIS.slice(0, Math.max(0, maxLength)), truncated: true };
  let cut = maxLength - ELLIPSIS.length;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return { text: text.slice(0, cut) + ELLIPSIS, truncated: true };
}

/**
 * The single entry point for any free text that leaves the import or goes into an export:
 * secrets first, then (optionally) personal data, then truncation — in that order, so a
 * truncation can never cut a secret into a shape the patterns no longer recognise.
 */
export function sanitizeFreeText(text: string, policy: Partial<TFreeTextPolicy> = {}): TSanitizedText {
  const effective: TFreeTextPolicy = { ...DEFAULT_FREE_TEXT_POLICY, ...policy };
  const secrets = redactSecrets(typeof text === "string" ? text : "");
  let out = secrets.text;
  let personalData: TKindCounts<TPersonalDataKind> = {};
  let personalCount = 0;
  if (effective.redactPersonalData) {
    const personal = redactPersonalData(out);
    out = personal.text;
    personalData = personal.byKind;
    personalCount = personal.count;
  }
  let truncated = false;
  if (effective.maxLength !== null && Number.isFinite(effective.maxLength) && effective.maxLength >= 0) {
    const cut = truncateText(out, Math.floor(effective.maxLength));
    out = cut.text;
    truncated = cut.truncated;
  }
  return { text: out, secrets: secrets.byKind, personalData, redactedCount: secrets.count + personalCount, truncated };
}
