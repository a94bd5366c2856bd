import { z } from "zod";
import { budgetInput, ingestBody, REJECTION_CODES, usageQuery } from "@/lib/usage/schemas";
import { defineRoute } from "../spec";
import { projectParams } from "./projects";

const sums = { requests: z.number(), inputTokens: z.number(), outputTokens: z.number(), costMicros: z.number() };

export const ingestUsageRoute = defineRoute({
  method: "POST",
  path: "/usage",
  summary: "Report usage events (1 to 1000); each id counts once per organization, invalid events are rejected one by one",
  tag: "Platform",
  permission: "platform",
  body: ingestBody,
  response: z.object({
    accepted: z.number(),
    duplicates: z.number(),
    rejected: z.array(z.object({ index: z.number(), id: z.string().nullable(), code: z.enum(REJECTION_CODES), message: z.string() })),
  }),
});

export const queryUsageRoute = defineRoute({
  method: "GET",
  path: "/usage",
  summary: "Usage and spend (micro-dollars) by hour, day or month (UTC), grouped and filtered; every bucket of the range is present",
  tag: "Usage",
  permission: "usage.read",
  query: usageQuery,
  response: z.object({
    data: z.array(
      z.object({
        start: z.string(),
        end: z.string(),
        results: z.array(z.object({ projectId: z.string().optional(), environment: z.string().optional(), keyId: z.string().optional(), model: z.string().optional(), ...sums })),
      }),
    ),
  }),
});

export const putBudgetRoute = defineRoute({
  method: "PUT",
  path: "/projects/{projectId}/budget",
  summary: "Set a project's monthly budget: amount in micro-dollars, alert thresholds (percent), hard limit",
  tag: "Usage",
  permission: "budget.manage",
  params: projectParams,
  body: budgetInput,
});
