"use server";

import { cookies, headers } from "next/headers";
import { z } from "zod";
import { orgAction } from "@/lib/server/action";
import { AppError } from "@/lib/core/errors";
import { createConnection, deleteConnection, getConnection, requireSsoPlan, updateConnection, withFetchedMetadata } from "@/lib/sso/connections";
import { oidcConfiguration } from "@/lib/sso/oidc";
import { BROWSER_KEY_COOKIE, BROWSER_KEY_COOKIE_OPTIONS, browserKeyFor } from "@/lib/sso/login-state";
import { SsoRefusal } from "@/lib/sso/refusals";
import { createConnectionInput, updateConnectionInput } from "@/lib/sso/schemas";
import { startSignIn } from "@/lib/sso/start";

// Connections are named by id and loaded within the caller's organization (NOT_FOUND otherwise).
const pages = (orgSlug: string) => [`/${orgSlug}/security`];
const idInput = z.object({ connectionId: z.string().min(1).max(100) });

// Metadata URLs and OIDC discovery are fetched in `prepare`, before the transaction opens.
export const createConnectionAction = orgAction(
  { input: createConnectionInput, permission: "security.manage", revalidate: pages, prepare: ({ input }) => withFetchedMetadata(input) },
  async ({ tx, ctx, prepared }) => {
    const conn = await createConnection(tx, ctx, prepared);
    return { id: conn.id };
  },
);

export const updateConnectionAction = orgAction(
  { input: updateConnectionInput, permission: "security.manage", revalidate: pages, prepare: ({ input }) => withFetchedMetadata(input) },
  async ({ tx, ctx, prepared: { connectionId, ...fields } }) => {
    const conn = await updateConnection(tx, ctx, connectionId, fields);
    return { id: conn.id };
  },
);

export const deleteConnectionAction = orgAction(
  { input: idInput, permission: "security.manage", revalidate: pages },
  async ({ tx, ctx, input }) => {
    await deleteConnection(tx, ctx, input.connectionId);
    return null;
  },
);

/** Starts a test sign-in by the signed-in security owner: answers the IdP URL to open in this tab. */
export const startTestAction = orgAction(
  {
    input: idInput,
    permission: "security.manage",
    revalidate: () => [],
    // discovery (cached 5 minutes) happens here, so startSignIn below finds it ready
    prepare: async ({ db, ctx, input }) => {
      const conn = await getConnection(db, ctx.principal.organizationId, input.connectionId);
      if (conn.protocol === "oidc") await oidcConfiguration(conn).catch(testCouldNotStart);
    },
  },
  async ({ tx, ctx, input }) => {
    await requireSsoPlan(tx, ctx.principal.organizationId);
    const conn = await getConnection(tx, ctx.principal.organizationId, input.connectionId);
    if (ctx.principal.actor.type !== "user") throw new AppError("FORBIDDEN", "A test sign-in is run by a person in the console.");
    const browserKey = browserKeyFor((await headers()).get("cookie"));
    try {
      const url = await startSignIn(tx, conn, { purpose: "test", browserKey, initiatedById: ctx.principal.actor.userId });
      (await cookies()).set(BROWSER_KEY_COOKIE, browserKey, BROWSER_KEY_COOKIE_OPTIONS);
      return { url };
    } catch (error) {
      return testCouldNotStart(error);
    }
  },
);

function testCouldNotStart(error: unknown): never {
  if (error instanceof SsoRefusal) throw new AppError("INVALID_REQUEST", `The test could not start. ${error.detail}`);
  throw error;
}
