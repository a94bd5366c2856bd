import { describe, expect, it } from "vitest";
import { onPostgres, POSTGRES_ONLY } from "../databases";
import { POST as revoke } from "@/app/api/v1/admin-keys/[adminKeyId]/revoke/route";
import { POST as revokeTeamKey } from "@/app/api/v1/keys/[keyId]/revoke/route";
import { POST as archive } from "@/app/api/v1/projects/[projectId]/archive/route";
import { POST } from "@/app/api/v1/projects/route";
import { apiRequest, asKey, auditRows, call, createOrg, createTestAdminKey, createTestProject, outboxRows, unique } from "../factories";
import { createWorld } from "../world";

// Two requests racing for the same unique value end in one consistent state (spec/quality.md).
// The database decides each race (unique index, conditional update), so they run on PostgreSQL
// only: PGlite runs the transactions one after another and the race never happens there.
describe.skipIf(!onPostgres)(`concurrent requests ${POSTGRES_ONLY}`, () => {
  it("create one project when two ask for the same slug at once; the other answers 409 naming slug", async () => {
    const fx = await createOrg();
    const { secret } = await createTestAdminKey(fx, "owner");
    const slug = unique("race");
    const send = (name: string) => call(POST, apiRequest("POST", "/projects", { headers: asKey(secret), body: { name, slug } }));

    const answers = await Promise.all([send("First"), send("Second"), send("Third")]);

    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
    for (const refused of answers.filter((a) => a.status === 409)) {
      expect(refused.body.error.details).toEqual([{ path: "slug", message: expect.any(String) }]);
    }
  });
});

describe.skipIf(!onPostgres)(`concurrent revocation ${POSTGRES_ONLY}`, () => {
  it("revokes a team key once when three callers revoke it at the same time", async () => {
    const w = await createWorld();
    const send = (secret: string) =>
      call(revokeTeamKey, apiRequest("POST", `/keys/${w.teamKeyId}/revoke`, { headers: asKey(secret) }), { keyId: w.teamKeyId });

    const answers = await Promise.all([send(w.keys.owner), send(w.keys.admin), send(w.keys.security)]);

    expect(answers.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect((await auditRows(w.org.id)).filter((r) => r.action === "key.revoked")).toHaveLength(1);
    expect((await outboxRows(w.org.id)).filter((e) => e.type === "key.revoked")).toHaveLength(1);
  });

  it("revokes an admin key once when two admins revoke it at the same time", async () => {
    const fx = await createOrg();
    const [a, b] = [await createTestAdminKey(fx, "owner"), await createTestAdminKey(fx, "admin")];
    const target = await createTestAdminKey(fx, "admin");
    const send = (secret: string) =>
      call(revoke, apiRequest("POST", `/admin-keys/${target.adminKey.id}/revoke`, { headers: asKey(secret) }), { adminKeyId: target.adminKey.id });

    const answers = await Promise.all([send(a.secret), send(b.secret)]);

    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    const revocations = (await auditRows(fx.org.id)).filter((r) => r.action === "security.admin_key.revoked");
    expect(revocations).toHaveLength(1);
    const events = (await outboxRows(fx.org.id)).filter((e) => e.type === "security.admin_key.revoked");
    expect(events).toHaveLength(1);
  });
});

describe.skipIf(!onPostgres)(`concurrent archiving ${POSTGRES_ONLY}`, () => {
  it("archives a project once when two requests archive it at the same time", async () => {
    const fx = await createOrg();
    const { secret } = await createTestAdminKey(fx, "owner");
    const p = await createTestProject(fx);
    const send = () => call(archive, apiRequest("POST", `/projects/${p.id}/archive`, { headers: asKey(secret) }), { projectId: p.id });

    const answers = await Promise.all([send(), send(), send()]);

    expect(answers.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect((await auditRows(fx.org.id)).filter((r) => r.action === "project.archived")).toHaveLength(1);
    expect((await outboxRows(fx.org.id)).filter((e) => e.type === "project.archived")).toHaveLength(1);
  });
});
