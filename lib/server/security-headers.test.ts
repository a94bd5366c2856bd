import { unstable_doesMiddlewareMatch } from "next/experimental/testing/server";
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { config, proxy } from "@/proxy";

const page = (url = "http://localhost:3000/sign-in") => proxy(new NextRequest(url));
const matches = (url: string, headers: Record<string, string> = {}) => unstable_doesMiddlewareMatch({ config, url, headers });

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("proxy.ts", () => {
  it("hands Next.js the same fresh nonce it announces in the answer's CSP", () => {
    const first = page();
    const csp = first.headers.get("content-security-policy")!;
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    expect(atob(nonce)).toHaveLength(16);
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
    // the request header Next.js renders with (NextResponse.next's override)
    expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
    expect(page().headers.get("content-security-policy")).not.toBe(csp);
  });

  it("sends Strict-Transport-Security only when AUTH_URL is https", () => {
    vi.stubEnv("AUTH_URL", "https://console.example.com");
    const secure = page("https://console.example.com/sign-in");
    expect(secure.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
    expect(secure.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");

    vi.stubEnv("AUTH_URL", "http://localhost:3000");
    const plain = page();
    expect(plain.headers.get("strict-transport-security")).toBeNull();
    expect(plain.headers.get("content-security-policy")).not.toContain("upgrade-insecure-requests");
  });

  it("sees page requests but never API routes, assets, prefetches or a request with a body", () => {
    expect(matches("http://localhost/")).toBe(true);
    expect(matches("http://localhost/acme/projects")).toBe(true);
    expect(matches("http://localhost/sign-in", { "content-length": "0" })).toBe(true);
    expect(matches("http://localhost/api/v1/projects")).toBe(false);
    expect(matches("http://localhost/_next/static/chunks/main.js")).toBe(false);
    expect(matches("http://localhost/acme", { "next-router-prefetch": "1" })).toBe(false);
    // Next.js would read such a body whole before the page's action or route sees it
    expect(matches("http://localhost/acme", { "content-length": "400000000" })).toBe(false);
    expect(matches("http://localhost/acme", { "transfer-encoding": "chunked" })).toBe(false);
  });
});
