// Sums vitest's and Playwright's JSON reports into the one closing line CI reads.
import fs from "node:fs";

const read = (file) => (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : null);
const [vitestFile, playwrightFile] = process.argv.slice(2);
const vitest = read(vitestFile);
const pw = read(playwrightFile);

let passed = 0;
let failed = 0;
let skipped = 0;
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  skipped += vitest.numPendingTests + (vitest.numTodoTests ?? 0);
  console.log(`vitest: ${vitest.numPassedTests} passed, ${vitest.numFailedTests} failed`);
} else {
  failed += 1;
  console.log("vitest: no report (the run did not complete)");
}
if (pw) {
  passed += pw.stats.expected + pw.stats.flaky;
  failed += pw.stats.unexpected;
  skipped += pw.stats.skipped;
  console.log(`playwright: ${pw.stats.expected + pw.stats.flaky} passed, ${pw.stats.unexpected} failed`);
} else {
  failed += 1;
  console.log("playwright: no report (the run did not complete)");
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
