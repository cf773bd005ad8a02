import { describeFollowUpSource, FOLLOW_UP_STATUS_LABELS, parseFollowUpSource, type TFollowUpInput, type TFollowUpStatus } from "@/lib/followups/schemas";
import type { TFollowUpItem } from "@/lib/followups/followups";

type TOwnerLookup = readonly { id: string; name: string }[];

/** A follow-up in a few lines, for comparing two versions side by side. */
export function FollowUpSummary({ item, values, users = [] }: { item?: TFollowUpItem; values?: TFollowUpInput; users?: TOwnerLookup }) {
  const v = item
    ? {
        title: item.title,
        owner: item.ownerUserName ?? (item.ownerExternalName ? `${item.ownerExternalName} (external)` : "—"),
        dueDate: item.dueDate ?? "—",
        status: item.status,
        ticketUrl: item.ticketUrl ?? "—",
        source: describeFollowUpSource(item.sourceSectionId, item.sourceQuestionId),
      }
    : values
      ? {
          title: values.title,
          owner: values.ownerUserId
            ? (users.find((u) => u.id === values.ownerUserId)?.name ?? values.ownerUserId)
            : values.ownerExternalName
              ? `${values.ownerExternalName} (external)`
              : "—",
          dueDate: values.dueDate || "—",
          status: values.status as TFollowUpStatus,
          ticketUrl: values.ticketUrl || "—",
          source: (() => {
            const s = parseFollowUpSource(values.source);
            return s ? describeFollowUpSource(s.sourceSectionId, s.sourceQuestionId) : "—";
          })(),
        }
      : null;
  if (!v) return <>—</>;
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-2 text-xs">
      <dt className="font-medium">Title</dt>
      <dd>{v.title}</dd>
      <dt className="font-medium">Owner</dt>
      <dd>{v.owner}</dd>
      <dt className="font-medium">Due</dt>
      <dd>{v.dueDate}</dd>
      <dt className="font-medium">Status</dt>
      <dd>{FOLLOW_UP_STATUS_LABELS[v.status] ?? v.status}</dd>
      <dt className="font-medium">Ticket</dt>
      <dd className="break-all">{v.ticketUrl}</dd>
      <dt className="font-medium">Came from</dt>
      <dd>{v.source}</dd>
    </dl>
  );
}
