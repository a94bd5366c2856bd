import type { Queryable } from "@/db/client";
import type { RequestContext } from "@/lib/core/context";
import { AppError } from "@/lib/core/errors";
import { getKey, listKeys, type KeyView } from "./service";

/** At most this many keys of a project are shown in the console at once. */
export const CONSOLE_KEY_LIMIT = 1000;

/** The project's keys for the console, page after page, up to CONSOLE_KEY_LIMIT. */
export async function listAllProjectKeys(db: Queryable, ctx: RequestContext, projectId: string) {
  const keys: KeyView[] = [];
  let cursor: string | undefined;
  do {
    const page = await listKeys(db, ctx, projectId, { limit: 100, cursor });
    keys.push(...page.data);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && keys.length < CONSOLE_KEY_LIMIT);
  return { keys, truncated: cursor !== undefined };
}

/** A key of this project, or null (other projects' and organizations' keys included). */
export async function findProjectKey(db: Queryable, ctx: RequestContext, projectId: string, keyId: string) {
  try {
    const key = await getKey(db, ctx, keyId);
    return key.projectId === projectId ? key : null;
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") return null;
    throw error;
  }
}
