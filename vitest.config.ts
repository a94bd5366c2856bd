import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Three projects (shared/style.md, Tests): unit tests beside the code with no database,
// and the same integration files against real PostgreSQL and against in-memory PGlite.
const integrationFiles = ["test/integration/**/*.test.ts"];

export default defineConfig({
  resolve: {
    alias: { "@": fileURLToPath(new URL(".", import.meta.url)) },
  },
  test: {
    environment: "node",
    // next-auth imports "next/server" without an extension, which Node's ESM loader cannot resolve
    server: { deps: { inline: ["next-auth"] } },
    // lib/env.ts reads these; fixed values, never real secrets.
    env: {
      PLATFORM_TOKENS: "test-platform-token-1,test-platform-token-2",
      AUTH_SECRET: "test-auth-secret-0123456789abcdef",
      ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
      BACKGROUND_JOBS: "off",
      SEED_DEMO: "off",
    },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "db/**/*.test.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: integrationFiles,
          globalSetup: ["test/setup/postgres-global.ts"],
          setupFiles: ["test/setup/postgres-file.ts"],
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: "integration-pglite",
          include: integrationFiles,
          globalSetup: ["test/setup/pglite-global.ts"],
          setupFiles: ["test/setup/pglite-file.ts"],
          // each file loads its own in-memory PGlite (~0.5 s, ~350 MB): one at a time
          fileParallelism: false,
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
