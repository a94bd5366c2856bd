import { describe, expect, it } from "vitest";
import { openApiDocument } from "@/lib/api/openapi";
import { EVENT_TYPES } from "@/lib/events/catalog";

describe("the OpenAPI webhooks section", () => {
  it("describes every event type as a signed POST with a sample payload", () => {
    const webhooks = openApiDocument().webhooks as Record<string, { post: Record<string, unknown> }>;
    expect(Object.keys(webhooks).sort()).toEqual([...EVENT_TYPES].sort());
    for (const type of EVENT_TYPES) {
      const post = webhooks[type]!.post as {
        parameters: { name: string; in: string }[];
        requestBody: { content: { "application/json": { example: { type: string } } } };
      };
      expect(post.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(["header:webhook-id", "header:webhook-timestamp", "header:webhook-signature"]);
      expect(post.requestBody.content["application/json"].example.type).toBe(type);
    }
  });
});
