import { describe, expect, it } from "vitest";
import { AuthError, can, canApproveFallback, requirePermission, type TActor } from "./permissions";

const actor = (role: TActor["role"], extra: Partial<TActor> = {}): TActor => ({
  id: `u-${role}`,
  email: `${role}@x.test`,
  name: role,
  role,
  ...extra,
});

describe("can", () => {
  it("lets every role read and only admins and commanders write", () => {
    expect(can(actor("VIEWER"), "incident:read")).toBe(true);
    expect(can(actor("VIEWER"), "incident:write")).toBe(false);
    expect(can(actor("COMMANDER"), "incident:write")).toBe(true);
    expect(can(actor("ADMIN"), "incident:write")).toBe(true);
  });
  it("keeps user management to admins", () => {
    expect(can(actor("COMMANDER"), "users:manage")).toBe(false);
    expect(can(actor("ADMIN"), "users:manage")).toBe(true);
  });
  it("refuses anonymous actors", () => {
    expect(can(null, "incident:read")).toBe(false);
  });
  it("never lets a read token write, even for an admin", () => {
    expect(can(actor("ADMIN", { tokenScope: "READ" }), "incident:write")).toBe(false);
    expect(can(actor("ADMIN", { tokenScope: "READ" }), "incident:read")).toBe(true);
    expect(can(actor("ADMIN", { tokenScope: "READ_WRITE" }), "users:manage")).toBe(true);
    expect(can(actor("VIEWER", { tokenScope: "READ_WRITE" }), "incident:write")).toBe(false);
  });
});

describe("requirePermission", () => {
  it("throws 401 for anonymous and 403 for a role without the permission", () => {
    expect(() => requirePermission(null, "incident:read")).toThrow(AuthError);
    try {
      requirePermission(null, "incident:read");
    } catch (e) {
      expect((e as AuthError).status).toBe(401);
    }
    try {
      requirePermission(actor("VIEWER"), "incident:write");
    } catch (e) {
      expect((e as AuthError).status).toBe(403);
    }
    expect(requirePermission(actor("COMMANDER"), "incident:write").role).toBe("COMMANDER");
  });
});

describe("canApproveFallback", () => {
  it("allows the incident commander and admins only", () => {
    expect(canApproveFallback(actor("COMMANDER"), "u-COMMANDER")).toBe(true);
    expect(canApproveFallback(actor("COMMANDER"), "someone-else")).toBe(false);
    expect(canApproveFallback(actor("ADMIN"), "someone-else")).toBe(true);
    expect(canApproveFallback(actor("VIEWER"), "u-VIEWER")).toBe(false);
  });
});
