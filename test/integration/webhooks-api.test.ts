import { beforeAll, describe, expect, it } from "vitest";
import { GET as getOne, DELETE as remove, PATCH as update } from "@/app/api/v1/webhooks/[webhookId]/route";
import { POST as rotate } from "@/app/api/v1/webhooks/[webhookId]/rotate-secret/route";
import { GET as list, POST as create } from "@/app/api/v1/webhooks/route";
import { open } from "@/lib/crypto/secret-box";
import { apiRequest, asKey, auditRows, call, createOrg, createTestAdminKey, outboxRows, type HeaderMap } from "../factories";
import { endpointRow } from "../webhook-factories";
import { createWorld, type World } from "../world";

const post = (headers: HeaderMap, body: unknown) => call(create, apiRequest("POST", "/webhooks", { headers, body }));
const at = (id: string) => ({ webhookId: id });
const patch = (headers: HeaderMap, id: string, body: unknown) => call(update, apiRequest("PATCH", `/webhooks/${id}`, { headers, body }), at(id));

let w: World;
let owner: HeaderMap;
beforeAll(async () => {
  w = await createWorld();
  owner = asKey(w.keys.owner);
});

describe("webhook endpoints over the Admin API", () => {
  it("creates an endpoint and shows its whsec_ secret once, encrypted at rest, never in lists, audit or events", async () => {
    const res = await post(owner, { url: "https://hooks.example.com/anyint", eventTypes: ["key.*", "project.created"], description: "Ops" });
    expect(res.status).toBe(201);
    const { endpoint, secret } = res.body;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(endpoint).toMatchObject({ id: expect.stringMatching(/^whe_/), url: "https://hooks.example.com/anyint", eventTypes: ["key.*", "project.created"], enabled: true, description: "Ops" });
    expect(JSON.stringify(endpoint)).not.toContain(secret);

    const stored = await endpointRow(endpoint.id);
    expect(stored.secret).not.toContain(secret.slice(6));
    expect(open(stored.secret)).toBe(secret);

    const listed = await call(list, apiRequest("GET", "/webhooks", { headers: owner }));
    expect(listed.body.data.map((e: { id: string }) => e.id)).toContain(endpoint.id);
    const read = await call(getOne, apiRequest("GET", `/webhooks/${endpoint.id}`, { headers: owner }), at(endpoint.id));
    expect(read.body).toEqual(endpoint);
    for (const text of [JSON.stringify(listed.body), JSON.stringify(read.body), JSON.stringify(await auditRows(w.org.id)), JSON.stringify(await outboxRows(w.org.id))]) {
      expect(text).not.toContain(secret.slice(6));
    }
    expect((await auditRows(w.org.id)).find((a) => a.action === "webhook.endpoint_created" && a.targetId === endpoint.id)).toBeDefined();
  });

  it.each([
    ["http://hooks.example.com/x", "must use https"],
    ["https://169.254.169.254/latest/meta-data", "link-local"],
    ["https://[::ffff:169.254.169.254]/", "link-local"],
    ["https://0x7f000001/", "loopback"],
    ["https://2130706433/", "loopback"],
    ["https://127.1/", "loopback"],
    ["https://10.0.0.8/", "private"],
  ])("refuses %s at save time with the reason", async (url, why) => {
    const res = await post(owner, { url, eventTypes: ["key.*"] });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: "url", message: expect.stringContaining(why) }]);
  });

  it("refuses unknown event types and groups", async () => {
    const res = await post(owner, { url: "https://hooks.example.com/x", eventTypes: ["key.*", "key.exploded", "nothing.*"] });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual(["eventTypes.1", "eventTypes.2"]);
  });

  it("refuses creation with a clear 403 when the plan lacks webhooks", async () => {
    const free = await createOrg({ plan: "free" });
    const key = await createTestAdminKey(free, "owner");
    const res = await post(asKey(key.secret), { url: "https://hooks.example.com/x", eventTypes: ["key.*"] });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/Webhooks are not part of the Free plan/);
  });

  it("changes, disables, re-enables and deletes an endpoint, each audited", async () => {
    const { endpoint } = (await post(owner, { url: "https://hooks.example.com/a", eventTypes: ["key.*"] })).body;
    const changed = await patch(owner, endpoint.id, { url: "https://hooks.example.com/b", eventTypes: ["project.*"], description: "New" });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ url: "https://hooks.example.com/b", eventTypes: ["project.*"], description: "New" });
    expect((await patch(owner, endpoint.id, { enabled: false })).body).toMatchObject({ enabled: false, disabledReason: "manual" });
    expect((await patch(owner, endpoint.id, { enabled: true })).body).toMatchObject({ enabled: true, disabledReason: null });
    expect((await patch(owner, endpoint.id, { url: "https://127.0.0.1/" })).status).toBe(400);
    expect((await patch(owner, endpoint.id, {})).status).toBe(400);

    const audit = (await auditRows(w.org.id)).filter((a) => a.targetId === endpoint.id);
    expect(audit.filter((a) => a.action === "webhook.endpoint_updated")).toHaveLength(3);
    expect(audit.find((a) => a.action === "webhook.endpoint_updated")!.changes).toMatchObject({ url: { from: "https://hooks.example.com/a", to: "https://hooks.example.com/b" } });

    const deleted = await call(remove, apiRequest("DELETE", `/webhooks/${endpoint.id}`, { headers: owner }), at(endpoint.id));
    expect(deleted.status).toBe(204);
    expect((await call(getOne, apiRequest("GET", `/webhooks/${endpoint.id}`, { headers: owner }), at(endpoint.id))).status).toBe(404);
    expect((await auditRows(w.org.id)).find((a) => a.action === "webhook.endpoint_deleted" && a.targetId === endpoint.id)).toBeDefined();
  });

  it("rotates the secret with a 24-hour overlap", async () => {
    const { endpoint, secret: first } = (await post(owner, { url: "https://hooks.example.com/r", eventTypes: ["key.*"] })).body;
    const res = await call(rotate, apiRequest("POST", `/webhooks/${endpoint.id}/rotate-secret`, { headers: owner }), at(endpoint.id));
    expect(res.status).toBe(200);
    expect(res.body.secret).toMatch(/^whsec_/);
    expect(res.body.secret).not.toBe(first);
    const overlap = new Date(res.body.endpoint.previousSecretExpiresAt).getTime() - Date.now();
    expect(overlap).toBeGreaterThan(23.9 * 3600_000);
    expect(overlap).toBeLessThanOrEqual(24 * 3600_000);
    const stored = await endpointRow(endpoint.id);
    expect([open(stored.secret), open(stored.previousSecret!)]).toEqual([res.body.secret, first]);
    expect(JSON.stringify(await auditRows(w.org.id))).not.toContain(res.body.secret.slice(6));
  });
});
