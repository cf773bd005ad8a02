import type { Metadata } from "next";
import Link from "next/link";
import { Card, Notice } from "@/components/ui/card";
import { AcceptInvitationForm } from "@/components/auth/accept-invitation-form";
import { findInvitation } from "@/lib/users/users";

export const metadata: Metadata = { title: "Accept invitation" };
export const dynamic = "force-dynamic";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await findInvitation(token);
  return (
    <Card>
      <h1 className="mb-3 text-xl font-semibold">Join Incident Review</h1>
      {invitation ? (
        <>
          <p className="mb-4 text-sm text-muted">
            You are invited as <strong>{invitation.role}</strong> with {invitation.email}. Choose your name and password.
          </p>
          <AcceptInvitationForm token={token} />
        </>
      ) : (
        <Notice tone="danger">
          This invitation is invalid or has expired. Ask an admin for a new one, or{" "}
          <Link className="underline" href="/signin">
            sign in
          </Link>
          .
        </Notice>
      )}
    </Card>
  );
}
