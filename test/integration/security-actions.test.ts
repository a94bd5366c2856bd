import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { ACTION_CASES, ACTION_MODULES, actionList, type ActionCase, type OrgActionFn } from "../actions";
import { startLocalDns, type LocalDns } from "../dns/dns-server";
import { expectedAccess, partitionCallers } from "../expected-access";
import { orgState } from "../factories";
import { createWorld, SESSION_WHO, type Who, type World } from "../world";

// The shared security suite for server actions (orgAction): every action of app/ is in the
// registry (test/actions.ts), and every session caller of the world (test/world.ts CALLERS)
// gets the answer the permission matrix gives it (test/expected-access.ts): FORBIDDEN with
// nothing written when it lacks the action's permission on its target, else past
// authorization, and at least one allowed caller succeeds. Another organization's member
// gets NOT_FOUND, for the organization and for each object the input names.

// Server actions read the request through next/headers; navigation throws as in Next.js.
const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({ headers: async () => request.headers, cookies: async () => ({ set: () => {}, get: () => undefined }) }));
vi.mock("next/server", async (original) => ({ ...(await original<typeof import("next/server")>()), connection: async () => {} }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));
vi.mock("next/navigation", () => {
  class Navigation extends Error {}
  return {
    redirect: (url: string) => {
      throw new Navigation(`NEXT_REDIRECT ${url}`);
    },
    notFound: () => {
      throw new Navigation("NEXT_NOT_FOUND");
    },
    unstable_rethrow: (e: unknown) => {
      if (e instanceof Navigation) throw e;
    },
  };
});

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Every file under app/ named actions.ts that builds server actions with orgAction. */
function orgActionFiles(dir = path.join(ROOT, "app")): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return orgActionFiles(full);
    return entry.name === "actions.ts" && fs.readFileSync(full, "utf8").includes("orgAction(") ? [path.relative(ROOT, full).split(path.sep).join("/")] : [];
  });
}

/** The permission each `export const X = orgAction({ … permission: "p" … })` of a file declares. */
function declaredPermissions(file: string): Record<string, string> {
  const source = fs.readFileSync(path.join(ROOT, file), "utf8");
  const out: Record<string, string> = {};
  for (const chunk of source.split(/^export const /m).slice(1)) {
    const m = /^(\w+)\s*=\s*orgAction\(/.exec(chunk);
    if (!m) continue;
    out[m[1]!] = /permission:\s*"([\w.]+)"/.exec(chunk)?.[1] ?? "(none found)";
  }
  return out;
}

/** Input fields that name an object of the organization: another organization's caller must not find it. */
const OBJECT_ID_FIELDS = ["projectId", "keyId", "userId", "inviteId", "webhookId", "deliveryId", "adminKeyId", "sessionId", "domainId", "connectionId", "roleId"];
const namesAnObject = (input: unknown) => typeof input === "object" && input !== null && OBJECT_ID_FIELDS.some((f) => f in input);

/** An allowed caller is never refused for who it is: it succeeds, or meets the state of the object (CONFLICT). */
const pastAuthorization = (r: Awaited<ReturnType<OrgActionFn>>) => r.ok || r.error.code === "CONFLICT";

let dns: LocalDns;
const saved = { dns: process.env.DNS_SERVERS, authUrl: process.env.AUTH_URL };
beforeAll(async () => {
  // a domain verification by an allowed caller looks its TXT record up: at a local DNS server that knows none
  dns = await startLocalDns();
  process.env.DNS_SERVERS = dns.servers;
  process.env.AUTH_URL ??= "http://localhost:3000";
});
afterAll(async () => {
  process.env.DNS_SERVERS = saved.dns;
  if (saved.authUrl === undefined) delete process.env.AUTH_URL;
  await dns.close();
});
beforeEach(() => {
  request.headers = new Headers();
});

describe("the server-action registry", () => {
  it("has every module of app/ that builds actions with orgAction", () => {
    expect(Object.keys(ACTION_MODULES).sort()).toEqual(orgActionFiles().sort());
    expect(Object.keys(ACTION_CASES).sort()).toEqual(Object.keys(ACTION_MODULES).sort());
  });

  it("has a case for every exported action, and none for an action that does not exist", () => {
    for (const [file, mod] of Object.entries(ACTION_MODULES)) {
      const exported = Object.keys(mod).filter((name) => typeof mod[name] === "function");
      expect(Object.keys(ACTION_CASES[file] ?? {}).sort(), `the actions of ${file} (add each to test/actions.ts)`).toEqual(exported.sort());
    }
  });

  it("states the permission each action declares", () => {
    for (const file of Object.keys(ACTION_MODULES)) {
      const stated = Object.fromEntries(Object.entries(ACTION_CASES[file] ?? {}).map(([name, c]) => [name, c.permission]));
      expect(stated, file).toEqual(declaredPermissions(file));
    }
  });
});

for (const entry of actionList()) {
  const c: ActionCase = entry.case;
  const where = entry.file.replace(/^app\/\(console\)\/\[orgSlug\]\//, "");
  const title = `${entry.name} (${where}) security${c.disagreement ? ` [DISAGREES WITH THE MATRIX: ${c.disagreement}]` : ""}`;
  describe(title, () => {
    let w: World;
    let other: World;
    beforeAll(async () => {
      [w, other] = await Promise.all([createWorld(), createWorld()]);
    });

    /** Calls the action as `who` of `world` signed in to the console, in the organization `orgSlug`. */
    const run = async (world: World, who: Who, input: unknown, orgSlug = world.org.slug) => {
      request.headers = new Headers({ cookie: world.cookieOf(who), "user-agent": "vitest" });
      try {
        return await entry.action(orgSlug, input);
      } finally {
        request.headers = new Headers();
      }
    };
    const requirement = { permission: c.permission, target: c.target };
    const succeeded: Who[] = [];
    let triedAllowed = 0;

    it.each(SESSION_WHO)("%s gets the permission matrix's answer", async (who) => {
      const expected = expectedAccess(w, who, requirement);
      if (!expected.allowed) {
        const input = await c.input(w, who);
        const before = await orgState(w.org.id);
        const result = await run(w, who, input);
        expect(result.ok ? "ok" : result.error.code, `${expected.reason}: answered ${JSON.stringify(result)}`).toBe("FORBIDDEN");
        expect(await orgState(w.org.id), "nothing is written").toEqual(before);
        return;
      }
      triedAllowed++;
      // a read on the shared world; a write on a world of its own, so every allowed caller finds the objects as made
      const world = c.read ? w : await createWorld();
      const result = await run(world, who, await c.input(world, who));
      expect(pastAuthorization(result), `${expected.reason}: answered ${JSON.stringify(result)}`).toBe(true);
      if (result.ok) succeeded.push(who);
    });

    it("succeeds for a caller the matrix allows", async () => {
      const { allowed } = partitionCallers(w, SESSION_WHO, requirement);
      expect(allowed, `no session caller of the world holds ${c.permission}: add one to CALLERS`).not.toEqual([]);
      if (triedAllowed === 0) {
        // the callers' checks did not run (a filtered run): try the allowed callers here
        for (const who of allowed) {
          const world = await createWorld();
          if ((await run(world, who, await c.input(world, who))).ok) {
            succeeded.push(who);
            break;
          }
        }
      }
      expect(succeeded, `one of ${allowed.join(", ")} succeeds`).not.toEqual([]);
    });

    it("answers NOT_FOUND to another organization's member, for this organization and each object the input names, and writes nothing", async () => {
      const input = await c.input(w, "session:owner");
      const before = [await orgState(w.org.id), await orgState(other.org.id)];
      // a member of another organization naming this one
      const intoThisOrganization = await run(other, "session:owner", input, w.org.slug);
      expect(intoThisOrganization.ok ? "ok" : intoThisOrganization.error.code).toBe("NOT_FOUND");
      // in their own organization, naming this organization's objects
      if (namesAnObject(input)) {
        const result = await run(other, "session:owner", input);
        expect(result.ok ? "ok" : result.error.code, JSON.stringify(result)).toBe("NOT_FOUND");
      }
      expect([await orgState(w.org.id), await orgState(other.org.id)]).toEqual(before);
    });
  });
}
