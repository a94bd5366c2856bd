import { z } from "zod";
import { parseTrustedProxies } from "@/lib/core/client-ip";

// Every variable the console reads, validated once. Documented in .env.example.
const schema = z.object({
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().min(1).default(".data"),
  PLATFORM_TOKENS: z.string().optional(),
  AUTH_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  AUTH_URL: z.string().url().optional(),
  ENCRYPTION_KEY: z
    .string()
    .refine((v) => Buffer.from(v, "base64").length === 32, "must be 32 random bytes, base64")
    .optional(),
  RESEND_API_KEY: z.string().optional(),
  EMAIL_FROM: z.string().default("AnyInt Console <console@anyint.local>"),
  /** on: a PostgreSQL deployment without RESEND_API_KEY keeps mail in the development mailbox (development databases only) */
  DEV_MAILBOX: z.enum(["on", "off"]).default("off"),
  REDIS_URL: z.string().url().optional(),
  /** how long a hold taken at verification waits for its usage event before it is released (docs/limits.md) */
  HOLD_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),
  WEBHOOK_ALLOWED_HOSTS: z.string().optional(),
  SSO_ALLOWED_HTTP_HOSTS: z.string().optional(),
  /** proxies whose X-Forwarded-For is believed (CIDRs or addresses, comma-separated; lib/core/client-ip.ts) */
  TRUSTED_PROXIES: z
    .string()
    .optional()
    .superRefine((v, ctx) => {
      try {
        parseTrustedProxies(v);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: `must be CIDRs or IP addresses, comma-separated: ${(error as Error).message}` });
      }
    }),
  WEBHOOK_RETRY_SCHEDULE: z
    .string()
    .regex(/^\d+(,\d+)*$/, "must be seconds, comma-separated")
    .optional(),
  /** resolvers for domain verification (lib/security/dns.ts reads it at call time); empty = the system's */
  DNS_SERVERS: z
    .string()
    .regex(/^\s*[\d.:a-fA-F[\]]+(\s*,\s*[\d.:a-fA-F[\]]+)*\s*$/, "must be IP addresses (ip or ip:port), comma-separated")
    .optional(),
  BACKGROUND_JOBS: z.enum(["on", "off"]).default("on"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOSTNAME: z.string().default("localhost"),
  SEED_DEMO: z.enum(["on", "off"]).default("on"),
});

export type Env = z.infer<typeof schema>;

const empty = (v: string | undefined) => (v === "" ? undefined : v);

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const input = Object.fromEntries(Object.keys(schema.shape).map((k) => [k, empty(source[k])]));
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`Configuration error: ${String(issue.path[0])} ${issue.message}`);
  }
  return parsed.data;
}

export function env(): Env {
  const g = globalThis as { __anyintEnv?: Env };
  return (g.__anyintEnv ??= readEnv());
}

let tokens: { source: string | undefined; list: string[] } | null = null;

export function platformTokens(): string[] {
  const source = env().PLATFORM_TOKENS;
  if (tokens && tokens.source === source) return tokens.list;
  const list = (source ?? "").split(",").map((t) => t.trim()).filter(Boolean);
  tokens = { source, list };
  return list;
}
