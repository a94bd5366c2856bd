import { openApiDocument } from "@/lib/api/openapi";

// GET /api/v1/openapi.json — the OpenAPI 3.1 document (public)
export function GET() {
  return Response.json(openApiDocument());
}
