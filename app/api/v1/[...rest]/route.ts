import { errorResponse } from "@/lib/core/http";
import { requestIdFrom } from "@/lib/core/request";

// Any path under /api/v1 that no route serves answers the Admin API's JSON envelope, not
// Next.js's HTML page (public: it reveals nothing a 404 would not).
function notFound(req: Request): Response {
  const path = new URL(req.url).pathname;
  return errorResponse("NOT_FOUND", `No Admin API route serves ${req.method} ${path}. See GET /api/v1/openapi.json.`, requestIdFrom(req.headers.get("x-request-id")));
}

// GET|POST|PUT|PATCH|DELETE /api/v1/… — unknown routes
export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
