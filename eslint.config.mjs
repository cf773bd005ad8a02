import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", ".next-test*/**", "node_modules/**", "lib/generated/**", ".data/**", "test-results/**", "playwright-report/**", "bench/out/**", "next-env.d.ts"],
  },
  {
    rules: {
      // Prisma is imported only inside lib/ (data access owns the database).
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@prisma/*", "**/generated/prisma/**", "@/lib/generated/**"], message: "Import data access from lib/<domain>, not Prisma." }] },
      ],
    },
  },
  {
    files: ["lib/**", "prisma.config.ts", "scripts/**", "bench/**", "e2e/**"],
    rules: { "no-restricted-imports": "off" },
  },
];

export default config;
