// Redirects only: signed-out visitors go to /signin. Every action and data
// access still checks the actor itself; this is convenience, not security.
// It also gives each page request a fresh CSP nonce: Next reads the policy
// from the request headers and puts the nonce on its own <script> tags, and
// the root layout passes it to next-themes' inline script.
import { NextResponse, type NextRequest } from "next/server";
import { buildPageCsp, generateNonce } from "@/lib/security/headers";

const PUBLIC_PREFIXES = ["/signin", "/invite", "/api/", "/_next/", "/favicon"];
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

export function proxy(request: NextRequest) {
  const nonce = generateNonce();
  const csp = buildPageCsp({ nonce, dev: process.env.NODE_ENV === "development" });
  const { pathname, search } = request.nextUrl;
  const isPublic = PUBLIC_PREFIXES.some((p) => pathname.startsWith(p));
  const hasSession = SESSION_COOKIES.some((c) => request.cookies.has(c));
  let response: NextResponse;
  if (isPublic || hasSession) {
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set("x-nonce", nonce);
    requestHeaders.set("Content-Security-Policy", csp);
    response = NextResponse.next({ request: { headers: requestHeaders } });
  } else {
    const url = request.nextUrl.clone();
    url.pathname = "/signin";
    url.search = "";
    if (pathname !== "/") url.searchParams.set("callbackUrl", `${pathname}${search}`);
    response = NextResponse.redirect(url);
  }
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

// API routes are left out: they authenticate themselves, and running the proxy
// on them would make Next buffer (and cut at 10 MB) every request body. Their
// (static) security headers come from next.config.ts.
export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/).*)"],
};
