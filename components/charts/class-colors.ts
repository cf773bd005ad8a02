import type { TRequestClass } from "@/lib/fallback/types";

// Okabe–Ito colours: distinguishable with common colour-vision deficiencies,
// readable on light and dark surfaces. Every chart of request classes uses
// these, so a class has one colour across the app; legends and tables carry the labels.
export const REQUEST_CLASS_COLORS: Record<TRequestClass, string> = {
  OK: "#009E73",
  AUTH: "#CC79A7",
  VALIDATION_4XX: "#F0E442",
  RATE_LIMIT_429: "#E69F00",
  UPSTREAM_5XX: "#D55E00",
  TIMEOUT: "#0072B2",
  QUALITY_REGRESSION: "#56B4E9",
};
