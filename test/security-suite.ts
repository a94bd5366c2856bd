import { beforeAll, describe, expect, it } from "vitest";
import type { RouteSpec } from "@/lib/api/spec";
import { generateSecret } from "@/lib/keys/format";
import { apiRequest, asKey, asSession, call, createSession, orgState, type HeaderMap } from "./factories";
import { fillPath, type RouteCase } from "./routes";
import { createWorld, type World } from "./world";

/**
 * The shared security suite (shared/style.md, Tests), run for one route: no credential and
 * bad credentials answer 401, another organization's credential on this organization's
 * object answers 404, a caller without the permission answers 403, and nothing changes.
 */
export function securitySuite(spec: RouteSpec, route: RouteCase | undefined) {
  describe(`${spec.method} ${spec.path} security`, () => {
    if (!route) {
      it("has a case in test/routes.ts", () => expect.fail(`add ${spec.method} ${spec.path} to ROUTE_CASES`));
      return;
    }
    let w: World;
    let other: World;
    beforeAll(async () => {
      [w, other] = await Promise.all([createWorld(), createWorld()]);
    });

    /** Sends the route's request, aimed at `target`'s objects, with the given headers. */
    const send = (headers: HeaderMap, target: World = w) => {
      const params = route.params?.(target) ?? {};
      const req = apiRequest(spec.method, fillPath(spec.path, params), { headers, body: route.body?.(target) });
      return call(route.handler, req, params);
    };

    /** Runs `act` and checks the organization is exactly as before. */
    const unchanged = async (act: () => Promise<void>) => {
      const before = await orgState(w.org.id);
      await act();
      expect(await orgState(w.org.id)).toEqual(before);
    };

    it("answers 401 without a credential", async () => {
      await unchanged(async () => {
        const res = await send({});
        expect(res.status).toBe(401);
        expect(res.body.error).toMatchObject({ code: "UNAUTHORIZED", requestId: expect.any(String) });
      });
    });

    it("answers 401 to bad credentials", async () => {
      const expiredSession = await createSession(w.owner, { expires: new Date(Date.now() - 1000) });
      const bad: HeaderMap[] = [
        { authorization: "Bearer" },
        { authorization: "Bearer not-a-key" },
        { authorization: `Basic ${Buffer.from("user:pass").toString("base64")}` },
        asKey(generateSecret("admin")), // well formed, never issued
        asKey(generateSecret("team")), // a team key is not an admin key
        asKey(w.keys.owner.slice(0, -1) + (w.keys.owner.endsWith("a") ? "b" : "a")), // typo
        asSession("authjs.session-token=unknown-session-token"),
        asSession(expiredSession),
      ];
      await unchanged(async () => {
        for (const headers of bad) {
          const res = await send(headers);
          expect(res.status, JSON.stringify(headers)).toBe(401);
          expect(res.body.error.code).toBe("UNAUTHORIZED");
        }
      });
    });

    if (route.params) {
      it("answers 404 to another organization's credential on this organization's object", async () => {
        const callers: HeaderMap[] = [
          asKey(other.keys.owner),
          asSession(other.cookies.owner),
          // naming this organization does not help a non-member
          asSession(other.cookies.owner, w.org.id),
          asSession(other.cookies.owner, w.org.slug),
        ];
        await unchanged(async () => {
          for (const headers of callers) {
            const res = await send(headers);
            expect(res.status, JSON.stringify(headers)).toBe(404);
            expect(res.body.error.code).toBe("NOT_FOUND");
          }
        });
        // the same answer as for an object that does not exist, so ids cannot be probed
        const params = Object.fromEntries(Object.keys(route.params!(w)).map((k) => [k, `${k}_doesnotexist`]));
        const req = apiRequest(spec.method, fillPath(spec.path, params), { headers: asKey(w.keys.owner), body: route.body?.(w) });
        const missing = await call(route.handler, req, params);
        const foreign = await send(asKey(other.keys.owner));
        expect(missing.status).toBe(404);
        expect({ ...foreign.body.error, requestId: "" }).toEqual({ ...missing.body.error, requestId: "" });
      });
    } else {
      it("lets another organization's credential reach only its own organization", async () => {
        await unchanged(async () => {
          // the request the other organization makes of itself (its own body: DELETE /organization names its slug)
          const res = await send(asKey(other.keys.owner), other);
          expect(res.status).toBeLessThan(300);
          const text = JSON.stringify(res.body);
          for (const id of [w.org.id, w.project.id, w.spareAdminKeyId]) expect(text).not.toContain(id);
        });
      });
    }

    // left out only where every role of the organization holds the permission (org.read)
    if (route.denied.length > 0) {
      it(`answers 403 to ${route.denied.join(", ")} and changes nothing`, async () => {
        await unchanged(async () => {
          for (const who of route.denied) {
            const res = await send(w.as(who));
            expect(res.status, who).toBe(403);
            expect(res.body.error.code).toBe("FORBIDDEN");
          }
        });
      });
    }
  });
}
