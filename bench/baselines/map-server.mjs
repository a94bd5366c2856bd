// Baseline A of spec/quality.md: a bare node:http server that hashes the key and reads an
// in-memory map. Keys come from BENCH_KEYS_FILE (one secret per line).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

const map = new Map();
for (const secret of readFileSync(process.env.BENCH_KEYS_FILE, "utf8").split("\n").filter(Boolean)) {
  map.set(createHash("sha256").update(secret).digest("hex"), { keyId: secret.slice(-8) });
}
createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    let key;
    try {
      ({ key } = JSON.parse(Buffer.concat(chunks).toString()));
    } catch {
      res.writeHead(400).end();
      return;
    }
    const rec = map.get(createHash("sha256").update(key).digest("hex"));
    const body = JSON.stringify(rec ? { valid: true, code: "VALID", keyId: rec.keyId } : { valid: false, code: "NOT_FOUND" });
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
}).listen(Number(process.env.PORT), "127.0.0.1", () => console.log("ready"));
