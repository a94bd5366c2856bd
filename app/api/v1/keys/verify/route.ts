import { verifyKeyHandler } from "@/lib/keys/verify-route";
import { platformRouteHandler } from "@/lib/server/platform";

// POST /api/v1/keys/verify — verifies a team key (also answered by server.ts before Next.js)
export const POST = platformRouteHandler(verifyKeyHandler);
