import { expect, test } from "../fixtures";

// docs/security.md, Headers: pages run only the scripts carrying their request's nonce.

const nonceOf = (csp: string) => /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
const scriptSrc = (csp: string) => csp.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src ")) ?? "";

test("every page answer has its own nonce, no 'unsafe-inline' script, and the other headers", async ({ request }) => {
  const answers = await Promise.all([request.get("/sign-in"), request.get("/sign-in"), request.get("/sign-in/check-email")]);
  const nonces = answers.map((answer) => {
    const headers = answer.headers();
    const csp = headers["content-security-policy"] ?? "";
    expect(scriptSrc(csp)).toMatch(/^script-src 'self' 'nonce-[A-Za-z0-9+/=]{22,}' 'strict-dynamic'$/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["permissions-policy"]).toContain("camera=()");
    expect(headers["strict-transport-security"]).toBeUndefined(); // plain http on localhost
    return nonceOf(csp);
  });
  expect(new Set(nonces).size).toBe(3);
});

test("API answers carry the headers and a CSP that allows no inline script", async ({ request }) => {
  for (const answer of [await request.get("/api/v1/projects"), await request.get("/api/v1/openapi.json"), await request.get("/api/v1/no-such-route")]) {
    const headers = answer.headers();
    expect(scriptSrc(headers["content-security-policy"] ?? "")).toBe("script-src 'self'");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["x-content-type-options"]).toBe("nosniff");
  }
});

test("a page's inline and bundle scripts carry the nonce, run, and hydrate it", async ({ page }) => {
  const answer = await page.goto("/sign-in");
  const nonce = nonceOf(answer!.headers()["content-security-policy"] ?? "");
  expect(nonce).toBeTruthy();
  const scripts = await page.locator("script").evaluateAll((els) => els.map((el) => ({ inline: !el.hasAttribute("src"), nonce: (el as HTMLScriptElement).nonce })));
  expect(scripts.filter((s) => s.inline).length).toBeGreaterThan(0);
  expect(scripts.every((s) => s.nonce === nonce)).toBe(true);
  // Next.js's client runtime ran (it sets window.next) and React hydrated the form
  await page.waitForFunction(() => typeof (window as { next?: { version?: string } }).next?.version === "string");
  await expect(page.getByRole("button", { name: "Email me a sign-in link" })).toBeEnabled();
});

test("markup injected into a page cannot run script", async ({ page, cspViolations }) => {
  // what a stored or reflected injection would add to the HTML: an inline script and an inline handler
  await page.route("**/sign-in", async (route) => {
    const original = await route.fetch();
    const injected = `<script>window.__injected = 1</script><img src="/nope.png" onerror="window.__handler = 1" alt="">`;
    const body = (await original.text()).replace(/<body([^>]*)>/, `<body$1>${injected}`);
    await route.fulfill({ response: original, body });
  });
  await page.goto("/sign-in");
  await page.waitForFunction(() => typeof (window as { next?: unknown }).next === "object"); // the nonced scripts still run
  expect(await page.evaluate(() => (window as { __injected?: number }).__injected)).toBeUndefined();
  expect(await page.evaluate(() => (window as { __handler?: number }).__handler)).toBeUndefined();
  await expect.poll(() => cspViolations.length).toBeGreaterThan(0);
  cspViolations.splice(0); // expected here: the browser refused both
});
