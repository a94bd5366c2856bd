// `npm start` builds the app first when there is no production build yet, so a newcomer's
// `npm ci && npm start` works. Rebuild after changing the code with `npm run build`.
import { existsSync } from "node:fs";
import { execSync } from "node:child_process";

if (!existsSync(".next/BUILD_ID")) {
  console.log("No production build yet: running `next build` once (about a minute)…");
  execSync("npx next build", { stdio: "inherit" });
}
