import "server-only";
import { revalidatePath } from "next/cache";
import type { z } from "zod";
import { requirePermission, type TActor, type TPermission } from "@/lib/auth/permissions";
import { getActor } from "@/lib/auth/session";
import { logger } from "@/lib/log/logger";
import { toFailure, ValidationError, type TActionResult } from "./errors";

export type TActionDefinition<S extends z.ZodType, R> = {
  name: string;
  schema: S;
  permission: TPermission;
  run: (input: z.output<S>, actor: TActor) => Promise<R>;
  /** Paths to revalidate after success. */
  revalidate?: (input: z.output<S>, result: R) => string[];
};

/** Every action, for the authorization matrix test: name → permission. */
export const ACTION_REGISTRY = new Map<string, TPermission | "public">();

/**
 * The one wrapper for server actions: parse with zod → authenticate →
 * authorize → call lib/ → revalidate. Failures come back as values.
 */
export function defineAction<S extends z.ZodType, R>(def: TActionDefinition<S, R>) {
  ACTION_REGISTRY.set(def.name, def.permission);
  return async (raw: unknown): Promise<TActionResult<R>> => {
    try {
      const parsed = def.schema.safeParse(raw);
      if (!parsed.success) throw ValidationError.fromZod(parsed.error);
      const actor = requirePermission(await getActor(), def.permission);
      const result = await def.run(parsed.data, actor);
      for (const path of def.revalidate?.(parsed.data, result) ?? []) revalidatePath(path);
      return { ok: true, data: result };
    } catch (error) {
      const failure = toFailure(error);
      if (failure.status >= 500) logger.error({ err: error, action: def.name }, "action failed");
      return failure;
    }
  };
}

/** Actions anyone may call (accepting an invitation): parse → call lib/. */
export function definePublicAction<S extends z.ZodType, R>(def: { name: string; schema: S; run: (input: z.output<S>) => Promise<R> }) {
  ACTION_REGISTRY.set(def.name, "public");
  return async (raw: unknown): Promise<TActionResult<R>> => {
    try {
      const parsed = def.schema.safeParse(raw);
      if (!parsed.success) throw ValidationError.fromZod(parsed.error);
      return { ok: true, data: await def.run(parsed.data) };
    } catch (error) {
      const failure = toFailure(error);
      if (failure.status >= 500) logger.error({ err: error, action: def.name }, "action failed");
      return failure;
    }
  };
}
