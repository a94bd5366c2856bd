import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3300);
const baseURL = `http://localhost:${port}`;
const dataDir = process.env.E2E_DATA_DIR ?? ".data-e2e";

// End-to-end tests drive the real built app (`tsx server.ts`, embedded PGlite in a fresh
// folder) in Debian's Chromium. Never a browser download.
export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: "test-results/playwright.json" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 800 } } }],
  webServer: {
    command: `rm -rf ${dataDir} && node --import tsx server.ts`,
    url: `${baseURL}/sign-in`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      PORT: String(port), HOSTNAME: "localhost", DATA_DIR: dataDir, AUTH_URL: baseURL, DATABASE_URL: "", RESEND_API_KEY: "",
      // webhook specs run their receivers on 127.0.0.1 (plain http there is allowed) and want retries over quickly
      WEBHOOK_ALLOWED_HOSTS: "127.0.0.1", WEBHOOK_RETRY_SCHEDULE: "1,1",
      // SSO specs run their test identity providers on 127.0.0.1 over plain http
      SSO_ALLOWED_HTTP_HOSTS: "127.0.0.1",
      // e2e/security/sso-enforce.spec.ts answers domain verification from its own DNS server
      DNS_SERVERS: `127.0.0.1:${process.env.E2E_DNS_PORT ?? 5330}`,
    },
  },
});
