import type { FieldValues, Path, UseFormSetError } from "react-hook-form";

/**
 * Puts a failed action's per-field messages on the form's fields. "_form"
 * messages belong to the whole form and are shown by the caller; `only`
 * limits the fields (the rest are in the caller's summary message).
 */
export function showFieldErrors<T extends FieldValues>(
  setError: UseFormSetError<T>,
  fieldErrors: Record<string, string[]> | undefined,
  only?: readonly Path<T>[],
): void {
  for (const [field, messages] of Object.entries(fieldErrors ?? {})) {
    if (field === "_form") continue;
    if (only && !only.includes(field as Path<T>)) continue;
    setError(field as Path<T>, { message: messages.join(" ") });
  }
}
