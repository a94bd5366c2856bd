import { platformRoute } from "@/lib/server/platform";
import { verifyKeyInput } from "./schemas";
import { verifyKey } from "./verify";

/** POST /keys/verify as a framework-free platform handler (server.ts and app/api share it). */
export const verifyKeyHandler = platformRoute(verifyKeyInput, (input) => verifyKey(input));
