// Stored answers → ChecklistForm items, for server pages (no client code here).
import type { TStoredAnswer } from "@/lib/decision/checklist-answers";
import type { TChecklistItem } from "./checklist-form";

export function toChecklistItems(
  checklistId: string,
  items: readonly { readonly id: string; readonly text: string }[],
  answers: readonly TStoredAnswer[],
): TChecklistItem[] {
  return items.map((item) => {
    const a = answers.find((x) => x.checklistId === checklistId && x.itemId === item.id);
    return {
      checklistId,
      itemId: item.id,
      text: item.text,
      answer: a
        ? { checked: a.checked, note: a.note, occurredAt: a.occurredAt?.toISOString() ?? null, byUserName: a.byUserName, version: a.version }
        : null,
    };
  });
}
