import { forwardRef, type ButtonHTMLAttributes } from "react";
import { cn } from "./cn";

type TVariant = "primary" | "secondary" | "danger" | "ghost";

const variants: Record<TVariant, string> = {
  primary: "bg-accent text-accent-contrast hover:opacity-90",
  secondary: "bg-surface text-text border border-border hover:bg-surface-2",
  danger: "bg-danger text-white hover:opacity-90 dark:text-black",
  ghost: "text-text hover:bg-surface-2",
};

export const buttonClass = (variant: TVariant = "primary", size: "sm" | "md" = "md") =>
  cn(
    "inline-flex items-center justify-center gap-2 rounded-md font-medium transition disabled:cursor-not-allowed disabled:opacity-50",
    size === "sm" ? "px-2.5 py-1 text-sm" : "px-4 py-2 text-sm",
    variants[variant],
  );

export const Button = forwardRef<
  HTMLButtonElement,
  ButtonHTMLAttributes<HTMLButtonElement> & { variant?: TVariant; size?: "sm" | "md" }
>(function Button({ className, variant = "primary", size = "md", type = "button", ...props }, ref) {
  return <button ref={ref} type={type} className={cn(buttonClass(variant, size), className)} {...props} />;
});
