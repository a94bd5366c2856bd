import type { IncomingMessage, ServerResponse } from "node:http";
import { verifyKeyHandler } from "@/lib/keys/verify-route";
import { ingestUsageHandler } from "@/lib/usage/ingest-route";
import { servePlatformRoute, type PlatformHandler } from "./platform";

// The platform's hot path, answered by server.ts before Next.js routing with the same
// handlers that app/api/v1 mounts as route handlers.
const HOT_ROUTES: Record<string, PlatformHandler> = {
  "/api/v1/keys/verify": verifyKeyHandler,
  "/api/v1/usage": ingestUsageHandler,
};

/** Answers the request and returns true when it is a hot-path route. */
export function serveHotPath(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== "POST" || !req.url) return false;
  const q = req.url.indexOf("?");
  const handler = HOT_ROUTES[q === -1 ? req.url : req.url.slice(0, q)];
  if (!handler) return false;
  servePlatformRoute(handler, req, res);
  return true;
}
