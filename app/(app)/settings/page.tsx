import { redirect } from "next/navigation";

/** Settings has one page for now: access tokens. */
export default function SettingsPage() {
  redirect("/settings/tokens");
}
