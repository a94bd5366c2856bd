// Baseline B of spec/quality.md: a bare node:http server doing one indexed lookup by hash
// with postgres.js per request.
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import postgres from "postgres";

const sql = postgres(process.env.DATABASE_URL, { max: 10 });
createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", async () => {
    let key;
    try {
      ({ key } = JSON.parse(Buffer.concat(chunks).toString()));
    } catch {
      res.writeHead(400).end();
      return;
    }
    const hash = createHash("sha256").update(key).digest("hex");
    const [rec] = await sql`select key_id from api_key_secrets where secret_hash = ${hash}`;
    const body = JSON.stringify(rec ? { valid: true, code: "VALID", keyId: rec.key_id } : { valid: false, code: "NOT_FOUND" });
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
}).listen(Number(process.env.PORT), "127.0.0.1", () => console.log("ready"));
