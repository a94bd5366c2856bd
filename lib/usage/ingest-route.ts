import { platformRoute } from "@/lib/server/platform";
import { ingestUsage } from "./ingest";
import { ingestEnvelope } from "./schemas";

/** POST /usage as a framework-free platform handler (server.ts and app/api share it). */
export const ingestUsageHandler = platformRoute(ingestEnvelope, (input) => ingestUsage(input.events));
