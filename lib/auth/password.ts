import bcrypt from "bcryptjs";
import { z } from "zod";

// bcrypt cost 11: ~150 ms on these machines, a fair price per sign-in.
const BCRYPT_COST = 11;

export async function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  if (!hash) return false;
  return bcrypt.compare(password, hash);
}

const COMMON_PASSWORDS = new Set(["password", "password1", "123456789012", "qwertyuiop", "letmein123", "changeme123"]);

/** Minimum strength: 12+ characters, at least 3 character kinds or 16+ characters, not a common password. */
export const ZNewPassword = z
  .string()
  .min(12, { error: "Use at least 12 characters." })
  .max(200, { error: "Use at most 200 characters." })
  .refine((p) => !COMMON_PASSWORDS.has(p.toLowerCase()), { error: "This password is too common." })
  .refine(
    (p) => {
      const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(p)).length;
      return kinds >= 3 || p.length >= 16;
    },
    { error: "Mix letters, digits and symbols (3 kinds), or use 16+ characters." },
  );
