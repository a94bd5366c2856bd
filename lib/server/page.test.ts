import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isPermission } from "@/lib/rbac/permissions";

// The pages' one entry (lib/server/page.ts), checked on the source: every console page of an
// organization declares the permission it needs to be seen in exactly one requirePage call, and
// no loading boundary sits above code that answers 404 (a streamed notFound() answers 200).

const ROOT = path.resolve("app/(console)/[orgSlug]");

function files(dir: string, name: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return files(full, name);
    return e.name === name ? [full] : [];
  });
}

const pages = files(ROOT, "page.tsx").map((file) => ({ file, route: path.relative(ROOT, path.dirname(file)) || ".", source: fs.readFileSync(file, "utf8") }));

describe("console pages", () => {
  it("finds the pages", () => {
    expect(pages.length).toBeGreaterThan(20);
  });

  it.each(pages.map((p) => [p.route, p]))("%s calls requirePage once, with a known permission, and takes no other entry", (_, page) => {
    const calls = [...page.source.matchAll(/requirePage\(orgSlug, "([^"]+)"/g)];
    expect(calls, "requirePage(orgSlug, \"permission\", …) calls").toHaveLength(1);
    expect(page.source.match(/requirePage\(/g)).toHaveLength(1);
    expect(isPermission(calls[0]![1]!), calls[0]![1]).toBe(true);
    expect(page.source).toMatch(/if \(!access\.allowed\) return access\.screen;/);
    expect(page.source).not.toMatch(/getOrgContext|requireOrgPermission/);
  });

  it("has no loading boundary above a notFound()", () => {
    expect(fs.existsSync(path.join(ROOT, "loading.tsx")), "a loading.tsx for the whole organization streams every 404 as 200").toBe(false);
    for (const loading of files(ROOT, "loading.tsx")) {
      const segment = path.dirname(loading);
      // the segment's own page and everything below it render inside the boundary; its layout does not
      const inside = [...files(segment, "page.tsx"), ...files(segment, "layout.tsx").filter((f) => path.dirname(f) !== segment)];
      for (const file of inside) expect(fs.readFileSync(file, "utf8"), path.relative(ROOT, file)).not.toMatch(/notFound\(\)/);
    }
  });
});
