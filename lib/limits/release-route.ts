import { releaseHoldRoute } from "@/lib/api/specs/platform";
import { fromZodIssues } from "@/lib/core/errors";
import { json, toErrorResponse } from "@/lib/core/http";
import { platformTokenRefusal } from "@/lib/server/platform";
import { requestIdFrom } from "@/lib/core/request";
import { limitStore } from "./store";

/**
 * POST /holds/{holdId}/release: platform token, then the id; no body is read. Releasing a
 * hold that is settled, released or expired changes nothing and says so (released: false).
 */
export async function releaseHoldResponse(req: Request, holdId: string): Promise<Response> {
  const requestId = requestIdFrom(req.headers.get("x-request-id"));
  try {
    const refusal = platformTokenRefusal(req.headers.get("authorization"));
    if (refusal) throw refusal;
    const parsed = releaseHoldRoute.params!.safeParse({ holdId });
    if (!parsed.success) throw fromZodIssues(parsed.error.issues);
    const released = await limitStore().release(parsed.data.holdId, Date.now());
    return json({ holdId: parsed.data.holdId, released }, 200, { "x-request-id": requestId });
  } catch (error) {
    return toErrorResponse(error, requestId);
  }
}
