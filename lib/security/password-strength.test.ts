// The minimum password strength (lib/auth/password.ts ZNewPassword), used by
// user creation, invitations and the sign-up of an invited user.
import { describe, expect, it } from "vitest";
import { ZNewPassword } from "@/lib/auth/password";
import { ZAcceptInvitation, ZCreateUser } from "@/lib/users/schemas";

const ok = (p: string) => ZNewPassword.safeParse(p).success;

describe("password strength", () => {
  it("refuses short, common and single-kind passwords", () => {
    expect(ok("Sh0rt!")).toBe(false); // < 12
    expect(ok("Password1")).toBe(false);
    expect(ok("changeme123")).toBe(false); // common (and 2 kinds)
    expect(ok("PASSWORD")).toBe(false);
    expect(ok("abcdefghijkl")).toBe(false); // 12 chars, one kind
    expect(ok("abcdefgh1234")).toBe(false); // two kinds, < 16
    expect(ok("x".repeat(201))).toBe(false);
  });

  it("accepts 12+ characters of 3 kinds, or 16+ characters", () => {
    expect(ok("Correct-horse-42")).toBe(true);
    expect(ok("abcdefgh1234!")).toBe(true);
    expect(ok("correct horse battery staple")).toBe(true);
  });

  it("is enforced by the schemas that set a password", () => {
    expect(ZCreateUser.safeParse({ email: "a@b.test", name: "A", role: "VIEWER", password: "short" }).success).toBe(false);
    expect(ZCreateUser.safeParse({ email: "a@b.test", name: "A", role: "VIEWER", password: "Correct-horse-42" }).success).toBe(true);
    const token = "t".repeat(32);
    expect(ZAcceptInvitation.safeParse({ token, name: "A", password: "password", confirm: "password" }).success).toBe(false);
    expect(ZAcceptInvitation.safeParse({ token, name: "A", password: "Correct-horse-42", confirm: "Correct-horse-42" }).success).toBe(true);
  });
});
