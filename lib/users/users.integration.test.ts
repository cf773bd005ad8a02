import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db/prisma";
import { hashPassword } from "@/lib/auth/password";
import { AuthError } from "@/lib/auth/permissions";
import { makeActor } from "@/lib/testing/integration";
import {
  acceptInvitation,
  createInvitation,
  createUser,
  loadActiveActor,
  revokeUserSessions,
  setUserDisabled,
  setUserRole,
  signInWithPassword,
} from "./users";

describe("users data layer", () => {
  it("only admins manage users", async () => {
    const commander = await makeActor("COMMANDER");
    const viewer = await makeActor("VIEWER");
    await expect(setUserRole(commander, { userId: viewer.id, role: "ADMIN" })).rejects.toBeInstanceOf(AuthError);
    await expect(
      createUser(viewer, { email: `x-${randomUUID()}@it.test`, name: "X", role: "ADMIN", password: "Long-enough-pass-1" }),
    ).rejects.toBeInstanceOf(AuthError);
    expect((await getPrisma().user.findUniqueOrThrow({ where: { id: viewer.id } })).role).toBe("VIEWER");
  });

  it("a role change, disabling and session revocation apply to the next request", async () => {
    const admin = await makeActor("ADMIN");
    const viewer = await makeActor("VIEWER");
    const sv = (await getPrisma().user.findUniqueOrThrow({ where: { id: viewer.id } })).sessionVersion;
    expect((await loadActiveActor(viewer.id, sv))?.role).toBe("VIEWER");
    await setUserRole(admin, { userId: viewer.id, role: "COMMANDER" });
    expect((await loadActiveActor(viewer.id, sv))?.role).toBe("COMMANDER");

    await revokeUserSessions(admin, { userId: viewer.id });
    expect(await loadActiveActor(viewer.id, sv)).toBeNull();
    expect(await loadActiveActor(viewer.id, sv + 1)).not.toBeNull();

    await setUserDisabled(admin, { userId: viewer.id, disabled: true });
    expect(await loadActiveActor(viewer.id, undefined)).toBeNull();
    const history = await getPrisma().auditLog.findMany({ where: { entityType: "User", entityId: viewer.id }, orderBy: { id: "asc" } });
    expect(history.map((h) => h.field)).toEqual(["role", "sessionVersion", "disabled"]);
  });

  it("keeps at least one active admin", async () => {
    const admin = await makeActor("ADMIN");
    // Make this the only active admin for the duration of the check.
    const others = await getPrisma().user.findMany({ where: { role: "ADMIN", disabledAt: null, id: { not: admin.id } } });
    await getPrisma().user.updateMany({ where: { id: { in: others.map((o) => o.id) } }, data: { disabledAt: new Date() } });
    try {
      await expect(setUserRole(admin, { userId: admin.id, role: "VIEWER" })).rejects.toThrow("At least one active admin must remain.");
    } finally {
      await getPrisma().user.updateMany({ where: { id: { in: others.map((o) => o.id) } }, data: { disabledAt: null } });
    }
  });

  it("password sign-in is throttled per account after five failures", async () => {
    const actor = await makeActor("VIEWER", { passwordHash: await hashPassword("Right-password-9") });
    const ip = `10.0.0.${Math.floor(Math.random() * 200)}`;
    expect((await signInWithPassword(actor.email, "Right-password-9", ip)).ok).toBe(true);
    for (let i = 0; i < 5; i++) expect(await signInWithPassword(actor.email, "wrong", ip)).toEqual({ ok: false, reason: "invalid" });
    const blocked = await signInWithPassword(actor.email, "Right-password-9", ip);
    expect(blocked.ok).toBe(false);
    if (!blocked.ok) expect(blocked.reason).toBe("throttled");
  });

  it("password sign-in is throttled per IP across accounts", async () => {
    const ip = `192.0.2.${Math.floor(Math.random() * 200)}`;
    for (let i = 0; i < 20; i++) await signInWithPassword(`nobody-${i}-${randomUUID()}@it.test`, "x", ip);
    const someone = await makeActor("VIEWER", { passwordHash: await hashPassword("Right-password-9") });
    const r = await signInWithPassword(someone.email, "Right-password-9", ip);
    expect(r).toMatchObject({ ok: false, reason: "throttled" });
  });

  it("a disabled account cannot sign in", async () => {
    const admin = await makeActor("ADMIN");
    const user = await makeActor("COMMANDER", { passwordHash: await hashPassword("Right-password-9") });
    await setUserDisabled(admin, { userId: user.id, disabled: true });
    expect((await signInWithPassword(user.email, "Right-password-9", "203.0.113.9")).ok).toBe(false);
  });

  it("an invitation creates the user with the invited role, once", async () => {
    const admin = await makeActor("ADMIN");
    const email = `invitee-${randomUUID()}@it.test`;
    const { token } = await createInvitation(admin, { email, role: "COMMANDER" });
    await acceptInvitation({ token, name: "Invitee", password: "Strong-pass-2026", confirm: "Strong-pass-2026" });
    const user = await getPrisma().user.findUniqueOrThrow({ where: { email } });
    expect(user.role).toBe("COMMANDER");
    await expect(acceptInvitation({ token, name: "Again", password: "Strong-pass-2026", confirm: "Strong-pass-2026" })).rejects.toThrow(
      /invalid or has expired/,
    );
  });
});
