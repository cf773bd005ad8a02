import "server-only";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { resolveOidcUser, signInWithPassword } from "@/lib/users/users";
import { ZSignIn } from "@/lib/users/schemas";
import { clientIp } from "./client-ip";

class InvalidCredentials extends CredentialsSignin {
  code = "invalid";
}
class Throttled extends CredentialsSignin {
  code = "throttled";
}

/** A generic OpenID Connect provider (Okta, Google, Azure AD, Keycloak…), on when its env vars are set. */
export function oidcProviderConfigured(): boolean {
  return Boolean(process.env.AUTH_OIDC_ISSUER && process.env.AUTH_OIDC_CLIENT_ID && process.env.AUTH_OIDC_CLIENT_SECRET);
}

export function oidcProviderName(): string {
  return process.env.AUTH_OIDC_NAME || "Single sign-on";
}

const providers: NextAuthConfig["providers"] = [
  Credentials({
    id: "credentials",
    name: "E-mail and password",
    credentials: { email: { label: "E-mail" }, password: { label: "Password", type: "password" } },
    async authorize(credentials, request) {
      const parsed = ZSignIn.safeParse(credentials);
      if (!parsed.success) throw new InvalidCredentials();
      const outcome = await signInWithPassword(parsed.data.email, parsed.data.password, clientIp(request.headers));
      if (!outcome.ok) throw outcome.reason === "throttled" ? new Throttled() : new InvalidCredentials();
      return { id: outcome.user.id, email: outcome.user.email, name: outcome.user.name, sv: outcome.user.sessionVersion };
    },
  }),
];

if (oidcProviderConfigured()) {
  providers.push({
    id: "oidc",
    name: oidcProviderName(),
    type: "oidc",
    issuer: process.env.AUTH_OIDC_ISSUER,
    clientId: process.env.AUTH_OIDC_CLIENT_ID,
    clientSecret: process.env.AUTH_OIDC_CLIENT_SECRET,
    checks: ["pkce", "state"],
  });
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  providers,
  session: { strategy: "jwt", maxAge: 12 * 3600 },
  pages: { signIn: "/signin", error: "/signin" },
  trustHost: true,
  callbacks: {
    async signIn({ user, account, profile }) {
      if (account?.provider !== "oidc") return true;
      const email = (profile?.email ?? user.email ?? "").toString();
      if (!email) return false;
      const resolved = await resolveOidcUser(email, (profile?.name as string) ?? null, "oidc", account.providerAccountId);
      if (!resolved) return "/signin?error=AccessDenied";
      user.id = resolved.id;
      (user as { sv?: number }).sv = resolved.sessionVersion;
      return true;
    },
    async jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.sv = (user as { sv?: number }).sv;
      }
      return token;
    },
    async session({ session, token }) {
      // Role and status are not trusted from the token: see getActor().
      (session as unknown as { uid?: string; sv?: number }).uid = token.uid as string | undefined;
      (session as unknown as { uid?: string; sv?: number }).sv = token.sv as number | undefined;
      return session;
    },
  },
});
