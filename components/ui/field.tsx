import { forwardRef, useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";
import { cn } from "./cn";

const control =
  "w-full rounded-md border border-border bg-surface px-3 py-2 text-sm text-text placeholder:text-muted aria-[invalid=true]:border-danger";

type TFieldProps = { label: ReactNode; error?: string | string[]; hint?: ReactNode; required?: boolean; id?: string };

function FieldShell({
  id,
  label,
  error,
  hint,
  required,
  children,
}: TFieldProps & { id: string; children: ReactNode }) {
  const errors = Array.isArray(error) ? error : error ? [error] : [];
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
        {required ? <span className="text-danger"> *<span className="sr-only"> (required)</span></span> : null}
      </label>
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-muted">
          {hint}
        </p>
      ) : null}
      {errors.length ? (
        <p id={`${id}-error`} className="text-sm text-danger">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error && (!Array.isArray(error) || error.length) ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

export const InputField = forwardRef<HTMLInputElement, TFieldProps & InputHTMLAttributes<HTMLInputElement>>(
  function InputField({ label, error, hint, required, id, className, ...props }, ref) {
    const auto = useId();
    const fid = id ?? auto;
    return (
      <FieldShell id={fid} label={label} error={error} hint={hint} required={required}>
        <input
          ref={ref}
          id={fid}
          aria-invalid={error && (!Array.isArray(error) || error.length) ? true : undefined}
          aria-describedby={describedBy(fid, hint, error)}
          aria-required={required || undefined}
          className={cn(control, className)}
          {...props}
        />
      </FieldShell>
    );
  },
);

export const TextareaField = forwardRef<HTMLTextAreaElement, TFieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>>(
  function TextareaField({ label, error, hint, required, id, className, ...props }, ref) {
    const auto = useId();
    const fid = id ?? auto;
    return (
      <FieldShell id={fid} label={label} error={error} hint={hint} required={required}>
        <textarea
          ref={ref}
          id={fid}
          aria-invalid={error && (!Array.isArray(error) || error.length) ? true : undefined}
          aria-describedby={describedBy(fid, hint, error)}
          aria-required={required || undefined}
          className={cn(control, "min-h-24", className)}
          {...props}
        />
      </FieldShell>
    );
  },
);

export const SelectField = forwardRef<
  HTMLSelectElement,
  TFieldProps & SelectHTMLAttributes<HTMLSelectElement> & { options: readonly { value: string; label: string }[] }
>(function SelectField({ label, error, hint, required, id, className, options, ...props }, ref) {
  const auto = useId();
  const fid = id ?? auto;
  return (
    <FieldShell id={fid} label={label} error={error} hint={hint} required={required}>
      <select
        ref={ref}
        id={fid}
        aria-invalid={error && (!Array.isArray(error) || error.length) ? true : undefined}
        aria-describedby={describedBy(fid, hint, error)}
        aria-required={required || undefined}
        className={cn(control, className)}
        {...props}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
});
