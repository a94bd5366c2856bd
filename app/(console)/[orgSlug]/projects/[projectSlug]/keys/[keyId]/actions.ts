"use server";

import { z } from "zod";
import type { Queryable } from "@/db/client";
import { explainAccess } from "@/lib/keys/explain";
import { explainInput, rotateKeyInput, updateKeyInput } from "@/lib/keys/schemas";
import { keyTarget, revokeKey, rotateKey, updateKey } from "@/lib/keys/service";
import { orgAction } from "@/lib/server/action";
import type { RequestContext } from "@/lib/core/context";

// Each action names the key by id; the target loads it within the caller's organization
// (another organization's answers NOT_FOUND) with its project and owner, for `own` grants.
const target = ({ db, ctx, input }: { db: Queryable; ctx: RequestContext; input: { keyId: string } }) =>
  keyTarget({ db, ctx, params: { keyId: input.keyId } });

const keyId = z.string().min(1).max(100);

export const updateKeyAction = orgAction(
  { input: updateKeyInput.extend({ keyId }), permission: "key.update", target },
  async ({ tx, ctx, input: { keyId, ...fields } }) => {
    const key = await updateKey(tx, ctx, keyId, fields);
    return { name: key.name };
  },
);

/** Issues a new secret, in this answer only; the old one keeps working for the grace period. */
export const rotateKeyAction = orgAction(
  { input: rotateKeyInput.extend({ keyId }), permission: "key.rotate", target },
  async ({ tx, ctx, input }) => {
    const { key, secret } = await rotateKey(tx, ctx, input.keyId, input.gracePeriodSeconds);
    return { name: key.name, secret };
  },
);

export const revokeKeyAction = orgAction(
  { input: z.strictObject({ keyId }), permission: "key.revoke", target },
  async ({ tx, ctx, input }) => {
    const key = await revokeKey(tx, ctx, input.keyId);
    return { name: key.name };
  },
);

/** A read: every verification check for this key, model, route and IP. Nothing to revalidate. */
export const explainAccessAction = orgAction(
  { input: explainInput, permission: "key.read", target, revalidate: () => [] },
  ({ tx, ctx, input }) => explainAccess(tx, ctx, input),
);
