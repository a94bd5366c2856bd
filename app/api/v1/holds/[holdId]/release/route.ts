import { releaseHoldResponse } from "@/lib/limits/release-route";

// POST /api/v1/holds/{holdId}/release — the platform releases a hold whose model call failed
export async function POST(req: Request, { params }: { params: Promise<Record<string, string | string[]>> }) {
  const { holdId } = await params;
  return releaseHoldResponse(req, typeof holdId === "string" ? holdId : "");
}
