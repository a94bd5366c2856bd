import { MemoryLimitStore } from "./store";
import { describeLimitStore } from "./store-contract";

// The in-process store against the LimitStore contract (the Redis one runs it in
// test/integration/limits-redis-store.test.ts).
describeLimitStore("MemoryLimitStore", async () => ({ store: new MemoryLimitStore(), cleanup: async () => {} }));
