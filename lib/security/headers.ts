// Security headers, built here (pure) and applied by proxy.ts (pages, with a
// per-request nonce) and next.config.ts headers() (API routes, static assets).

export type TCspOptions = {
  /** Base64 nonce of this request; Next puts it on its own <script> tags. */
  nonce: string;
  /** `next dev` needs eval for React's debugging features; production never gets it. */
  dev?: boolean;
};

/** 16 random bytes as base64: unguessable and unique per request. */
export function generateNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** The page policy: scripts only by nonce ('strict-dynamic' lets those load Next's chunks). */
export function buildPageCsp({ nonce, dev = false }: TCspOptions): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(dev ? ["'unsafe-eval'"] : [])],
    // Styles keep 'unsafe-inline': React renders style={{…}} attributes
    // (recharts sizes and positions every chart element that way) and
    // next-themes toggles a <style> while switching theme. A style cannot
    // run code, so scripts stay strict while inline styles are allowed.
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'", ...(dev ? ["ws:"] : [])],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(" ")}`)
    .join("; ");
}

/**
 * What API responses (JSON, CSV, downloads) may do when opened in a browser:
 * nothing. Sent from next.config headers(), it replaces a policy the route
 * sets itself (seen on the attachment download), so it carries the sandbox
 * the file downloads need.
 */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";

/** Powerful features the app never uses, off for it and anything it embeds. */
export const PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

/** A year, with subdomains: sent only by the production server (HTTPS deployments). */
export const HSTS = "max-age=31536000; includeSubDomains";

/** Headers every response gets, page or API, whatever its CSP. */
export function baseSecurityHeaders({ production }: { production: boolean }): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
    ...(production ? { "Strict-Transport-Security": HSTS } : {}),
  };
}
