import { handlers } from "@/lib/auth";

// GET, POST /api/auth/* — Auth.js (sign-in, callback, sign-out)
export const { GET, POST } = handlers;
