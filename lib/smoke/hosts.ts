// The outbound allow-list for live smoke requests. An admin lists hosts, one
// per line: `host` (default port of the scheme: 443 for https, 80 for http)
// or `host:port`. Both sides go through the WHATWG URL host parser, so
// uppercase, IDN, IPv4 shorthands (127.1) and IPv6 spellings compare in
// their canonical form, and tricks like `allowed.com@evil.com` (userinfo) or
// `allowed.com.evil.com` (suffix) never match `allowed.com`.
import { z } from "zod";

export type THostEntry = { readonly hostname: string; readonly port: number | null };

export const MAX_ALLOWED_HOSTS = 50;

// Letters (any script, for IDN), digits, dots and hyphens: no wildcards, userinfo or paths.
const HOST_WITH_PORT = /^([\p{L}\p{N}._-]+)(?::(\d{1,5}))?$/u;
const IPV6_WITH_PORT = /^\[([0-9a-fA-F:.]+)\](?::(\d{1,5}))?$/;
const BARE_IPV6 = /^[0-9a-fA-F]*:[0-9a-fA-F:.]*$/;

function canonicalHostname(host: string): string | null {
  try {
    const url = new URL(`http://${host}/`);
    if (url.username || url.password || url.pathname !== "/" || url.search || url.hash) return null;
    return stripTrailingDot(url.hostname);
  } catch {
    return null;
  }
}

// "allowed.com." and "allowed.com" name the same DNS host.
const stripTrailingDot = (hostname: string) => (hostname.endsWith(".") ? hostname.slice(0, -1) : hostname);

function validPort(text: string | undefined): number | null | undefined {
  if (text === undefined) return null;
  const port = Number(text);
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? port : undefined;
}

/** One allow-list line → its canonical parts, or null when it is not a host (with optional port). */
export function parseHostEntry(entry: string): THostEntry | null {
  const text = entry.trim();
  if (text === "" || text.length > 300) return null;
  let host: string;
  let portText: string | undefined;
  const v6 = IPV6_WITH_PORT.exec(text);
  if (v6) {
    host = `[${v6[1]}]`;
    portText = v6[2];
  } else if (BARE_IPV6.test(text) && text.split(":").length > 2) {
    host = `[${text}]`;
  } else {
    const m = HOST_WITH_PORT.exec(text);
    if (!m) return null;
    host = m[1]!;
    portText = m[2];
  }
  const port = validPort(portText);
  if (port === undefined) return null;
  const hostname = canonicalHostname(host);
  if (hostname === null || hostname === "") return null;
  return { hostname, port };
}

/** The canonical spelling stored and shown: `host`, `host:port`, `[v6]:port`. */
export function formatHostEntry(entry: THostEntry): string {
  return entry.port === null ? entry.hostname : `${entry.hostname}:${entry.port}`;
}

const DEFAULT_PORTS: Readonly<Record<string, number>> = { "http:": 80, "https:": 443 };

export type TOutboundCheck = { ok: true; url: URL } | { ok: false; reason: string };

/** Whether a live smoke request may go to `url`, with the reason when not. */
export function checkOutboundUrl(url: string, allowList: readonly string[]): TOutboundCheck {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: "The base URL is not a valid URL." };
  }
  const defaultPort = DEFAULT_PORTS[parsed.protocol];
  if (defaultPort === undefined) return { ok: false, reason: "Only http:// and https:// URLs can be called." };
  if (parsed.username || parsed.password) {
    return { ok: false, reason: "The base URL contains a user name or password; remove it." };
  }
  const hostname = stripTrailingDot(parsed.hostname);
  const port = parsed.port === "" ? defaultPort : Number(parsed.port);
  for (const line of allowList) {
    const entry = parseHostEntry(line);
    if (entry === null || entry.hostname !== hostname) continue;
    if ((entry.port ?? defaultPort) === port) return { ok: true, url: parsed };
  }
  const shown = parsed.port === "" ? hostname : `${hostname}:${parsed.port}`;
  return {
    ok: false,
    reason: `${shown} is not on the outbound allow-list. An admin can add it under Admin → Settings.`,
  };
}

export function isHostAllowed(url: string, allowList: readonly string[]): boolean {
  return checkOutboundUrl(url, allowList).ok;
}

/** The admin's text area (one host per line, blank lines ignored) → canonical, de-duplicated entries. */
export const ZAllowedHostsText = z
  .string()
  .max(20_000, { error: "The list is too long." })
  .transform((text, ctx) => {
    const out: string[] = [];
    const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "");
    for (const line of lines) {
      const entry = parseHostEntry(line);
      if (entry === null) {
        ctx.addIssue({
          code: "custom",
          message: `“${line.slice(0, 80)}” is not a host name: write host or host:port, without http:// or a path.`,
        });
        continue;
      }
      const formatted = formatHostEntry(entry);
      if (!out.includes(formatted)) out.push(formatted);
    }
    if (out.length > MAX_ALLOWED_HOSTS) {
      ctx.addIssue({ code: "custom", message: `List at most ${MAX_ALLOWED_HOSTS} hosts.` });
    }
    return out;
  });

export const ZSaveAllowedHosts = z.object({
  hosts: ZAllowedHostsText,
  /** The list as the form loaded it: a save is refused if it changed meanwhile. */
  basedOn: z.array(z.string().max(300)).max(500),
});
export type TSaveAllowedHostsInput = z.input<typeof ZSaveAllowedHosts>;
export type TSaveAllowedHosts = z.output<typeof ZSaveAllowedHosts>;
