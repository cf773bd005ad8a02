// Redirects only: signed-out visitors go to /signin. Every action and data
// access still checks the actor itself; this is convenience, not security.
import { NextResponse, type NextRequest } from "next/server";

const PUBLIC_PREFIXES = ["/signin", "/invite", "/api/", "/_next/", "/favicon"];
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (PUBLIC_PREFIXES.some((p) => pathname.startsWith(p))) return NextResponse.next();
  const hasSession = SESSION_COOKIES.some((c) => request.cookies.has(c));
  if (hasSession) return NextResponse.next();
  const url = request.nextUrl.clone();
  url.pathname = "/signin";
  url.search = "";
  if (pathname !== "/") url.searchParams.set("callbackUrl", `${pathname}${search}`);
  return NextResponse.redirect(url);
}

// API routes are left out: they authenticate themselves, and running the proxy
// on them would make Next buffer (and cut at 10 MB) every request body.
export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/).*)"],
};
