"use server";

import { defineAction, definePublicAction } from "@/lib/http/action";
import { acceptInvitation, createInvitation, createUser, revokeUserSessions, setUserDisabled, setUserRole } from "./users";
import { ZAcceptInvitation, ZCreateUser, ZInviteUser, ZSetDisabled, ZSetRole, ZUserId } from "./schemas";

export const createUserAction = defineAction({
  name: "users.create",
  schema: ZCreateUser,
  permission: "users:manage",
  run: (data, actor) => createUser(actor, data),
  revalidate: () => ["/admin"],
});

export const inviteUserAction = defineAction({
  name: "users.invite",
  schema: ZInviteUser,
  permission: "users:manage",
  run: async (data, actor) => {
    const { token, expiresAt } = await createInvitation(actor, data);
    return { path: `/invite/${token}`, expiresAt: expiresAt.toISOString() };
  },
  revalidate: () => ["/admin"],
});

export const setUserRoleAction = defineAction({
  name: "users.setRole",
  schema: ZSetRole,
  permission: "users:manage",
  run: (data, actor) => setUserRole(actor, data),
  revalidate: () => ["/admin"],
});

export const setUserDisabledAction = defineAction({
  name: "users.setDisabled",
  schema: ZSetDisabled,
  permission: "users:manage",
  run: (data, actor) => setUserDisabled(actor, data),
  revalidate: () => ["/admin"],
});

export const revokeUserSessionsAction = defineAction({
  name: "users.revokeSessions",
  schema: ZUserId,
  permission: "users:manage",
  run: (data, actor) => revokeUserSessions(actor, data),
  revalidate: () => ["/admin"],
});

export const acceptInvitationAction = definePublicAction({
  name: "users.acceptInvitation",
  schema: ZAcceptInvitation,
  run: (data) => acceptInvitation(data),
});
