import { beforeAll, describe, expect, it } from "vitest";
import type { RouteSpec } from "@/lib/api/spec";
import { generateSecret } from "@/lib/keys/format";
import { isPermission } from "@/lib/rbac";
import { expectedAccess } from "./expected-access";
import { apiRequest, asKey, asSession, call, createSession, orgState, type HeaderMap } from "./factories";
import { fillPath, type RouteCase } from "./routes";
import { createWorld, WHO, type Who, type World } from "./world";

/**
 * The bodies a route is checked with: the case's body, and for a route with several field
 * permissions, that body with all of them and with each alone, so each field's permission is
 * seen to be required when, and only when, the field is given.
 */
function bodyVariants(spec: RouteSpec, route: RouteCase): { label: string; pick: (body: unknown) => unknown }[] {
  const whole = { label: "", pick: (body: unknown) => body };
  const fields = Object.keys(spec.fieldPermissions ?? {});
  if (!route.body || fields.length === 0) return [whole];
  const only = (keep: string[]) => (body: unknown) => {
    const given = body as Record<string, unknown>;
    for (const field of fields) {
      if (given[field] === undefined) throw new Error(`the body of ${spec.method} ${spec.path} must give ${field}, to check its field permission`);
    }
    return Object.fromEntries(Object.entries(given).filter(([k]) => !fields.includes(k) || keep.includes(k)));
  };
  if (fields.length === 1) return [{ label: "", pick: only(fields) }];
  return [{ label: `with ${fields.join(" and ")}`, pick: only(fields) }, ...fields.map((field) => ({ label: `with ${field} only`, pick: only([field]) }))];
}

/** An allowed caller is never refused for who it is: it succeeds, or meets the state of the object (409). */
const pastAuthorization = (status: number) => status < 300 || status === 409;

/**
 * The shared security suite (shared/style.md, Tests), run for one route: no credential and
 * bad credentials answer 401, another organization's credential on this organization's
 * object answers 404, and every caller of the world (test/world.ts CALLERS) gets the answer
 * the permission matrix gives it (test/expected-access.ts): 403 with nothing changed when it
 * lacks a permission the route or a field of its body needs, else past authorization.
 */
export function securitySuite(spec: RouteSpec, route: RouteCase | undefined) {
  describe(`${spec.method} ${spec.path} security`, () => {
    if (!route) {
      it("has a case in test/routes.ts", () => expect.fail(`add ${spec.method} ${spec.path} to ROUTE_CASES`));
      return;
    }
    const permission = spec.permission;
    if (!isPermission(permission)) {
      it("is an Admin API route", () => expect.fail(`${spec.method} ${spec.path} is a ${permission} route: it has no callers of the organization`));
      return;
    }
    let w: World;
    let other: World;
    beforeAll(async () => {
      [w, other] = await Promise.all([createWorld(), createWorld()]);
    });

    /** Sends the route's request, aimed at `target`'s objects, with the given headers and body. */
    const send = (headers: HeaderMap, target: World = w, body: unknown = route.body?.(target)) => {
      const params = route.params?.(target) ?? {};
      const req = apiRequest(spec.method, fillPath(spec.path, params), { headers, body });
      return call(route.handler, req, params);
    };
    /** The same, for a caller's answer: a download (PDF, CSV) is not JSON, so only errors are read as JSON. */
    const sendAs = async (world: World, who: Who, body: unknown) => {
      const params = route.params?.(world) ?? {};
      const res = await route.handler(apiRequest(spec.method, fillPath(spec.path, params), { headers: world.as(who), body }), { params: Promise.resolve(params) });
      const text = await res.text();
      const json = (res.headers.get("content-type") ?? "").includes("json") && text ? JSON.parse(text) : null;
      return { status: res.status, body: json };
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
        const req = apiRequest(spec.method, fillPath(spec.path, params), { headers: asKey(w.keys.owner), body: route.body?.(w, "key:owner") });
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

    for (const variant of bodyVariants(spec, route)) {
      const checks = () => {
        const bodyOf = (target: World, who: Who) => (route.body ? variant.pick(route.body(target, who)) : undefined);
        it.each(WHO)("%s gets the permission matrix's answer", async (who) => {
          const requirement = (target: World) => ({ permission, fieldPermissions: spec.fieldPermissions, body: bodyOf(target, who), target: route.target, bodyTarget: route.bodyTarget });
          const expected = expectedAccess(w, who, requirement(w));
          if (!expected.allowed) {
            await unchanged(async () => {
              const res = await sendAs(w, who, bodyOf(w, who));
              expect([res.status, res.body?.error?.code], `${expected.reason}: answered ${res.status} ${JSON.stringify(res.body?.error ?? res.body)}`).toEqual([403, "FORBIDDEN"]);
            });
            return;
          }
          // reads on the shared world; a write on a world of its own, so every allowed caller finds the object as made
          const world = spec.method === "GET" ? w : await createWorld();
          expect(expectedAccess(world, who, requirement(world)).allowed).toBe(true);
          const res = await sendAs(world, who, bodyOf(world, who));
          expect(pastAuthorization(res.status), `${expected.reason}: answered ${res.status} ${JSON.stringify(res.body?.error ?? "")}`).toBe(true);
        });
      };
      if (variant.label) describe(`body ${variant.label}`, checks);
      else checks();
    }
  });
}
