"use server";

import { z } from "zod";
import type { Queryable } from "@/db/client";
import { createKeyInput, createServiceAccountInput } from "@/lib/keys/schemas";
import { createKey } from "@/lib/keys/service";
import { newKeyTarget } from "@/lib/keys/targets";
import { createServiceAccount } from "@/lib/keys/service-accounts";
import { projectTarget } from "@/lib/projects/targets";
import { orgAction } from "@/lib/server/action";
import type { RequestContext } from "@/lib/core/context";

// The project is named by id and loaded within the caller's organization (another
// organization's answers NOT_FOUND) before the permission is checked on it.
const target = ({ db, ctx, input }: { db: Queryable; ctx: RequestContext; input: { projectId: string } }) =>
  projectTarget({ db, ctx, params: { projectId: input.projectId } });

const projectId = z.string().min(1).max(100);

/** Creates a key; its secret is in this answer only, for the one-time panel. */
export const createKeyAction = orgAction(
  {
    input: createKeyInput.extend({ projectId }),
    permission: "key.create",
    target: ({ db, ctx, input }) => newKeyTarget({ db, ctx, projectId: input.projectId, serviceAccountId: input.serviceAccountId }),
  },
  async ({ tx, ctx, input: { projectId, ...fields } }) => {
    const { key, secret } = await createKey(tx, ctx, projectId, fields);
    return { id: key.id, name: key.name, secret };
  },
);

export const createServiceAccountAction = orgAction(
  { input: createServiceAccountInput.extend({ projectId }), permission: "project.update", target },
  async ({ tx, ctx, input: { projectId, ...fields } }) => {
    const account = await createServiceAccount(tx, ctx, projectId, fields);
    return { name: account.name };
  },
);
