import { listModelsRoute } from "@/lib/api/specs/keys";
import { modelCatalogFor } from "@/lib/models/service";
import { apiRoute } from "@/lib/server/route";

// GET /api/v1/models — the catalog and what the caller's organization allows
export const GET = apiRoute(listModelsRoute, async ({ db, ctx }) => ({ data: await modelCatalogFor(db, ctx.principal.organizationId) }));
