import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { Card } from "@/components/ui/card";
import { oidcProviderConfigured, oidcProviderName } from "@/lib/auth/auth";
import { getActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = typeof params.callbackUrl === "string" ? params.callbackUrl : "/incidents";
  if (await getActor()) redirect(callbackUrl.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : "/incidents");
  const oidcError = params.error === "AccessDenied" ? "Your single sign-on account has no access. Ask an admin for an invitation." : null;
  return (
    <Card>
      <h1 className="mb-1 text-xl font-semibold">Incident Review</h1>
      <p className="mb-5 text-sm text-muted">Sign in to review LLM chat-completions incidents.</p>
      <SignInForm callbackUrl={callbackUrl} oidcName={oidcProviderConfigured() ? oidcProviderName() : null} initialError={oidcError} />
    </Card>
  );
}
