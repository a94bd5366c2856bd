import { describe, expect, it } from "vitest";
import { DEFAULT_MODELS } from "@/lib/models/catalog";
import { costMicros, dollarsToMicros, microsToDollarText, reached } from "./cost";

const price = (id: string) => DEFAULT_MODELS.find((m) => m.id === id)!;

describe("costMicros", () => {
  it("prices input and output tokens at the catalog's micro-dollars per million", () => {
    // GPT-4o: $2.50 in, $10 out per million → 1,000 in + 500 out = 2,500 + 5,000 micros
    expect(costMicros(1000, 500, price("openai/gpt-4o"))).toBe(7500);
    // Claude Opus 4: $15 in, $75 out → 1M in + 1M out = $90
    expect(costMicros(1_000_000, 1_000_000, price("anthropic/claude-opus-4"))).toBe(90_000_000);
    expect(costMicros(0, 0, price("openai/gpt-4o"))).toBe(0);
  });

  it("rounds half up once, on the whole event", () => {
    const p = { inputPriceMicros: 1, outputPriceMicros: 0 };
    expect(costMicros(499_999, 0, p)).toBe(0);
    expect(costMicros(500_000, 0, p)).toBe(1); // exactly half: up
    expect(costMicros(1_499_999, 0, p)).toBe(1);
    expect(costMicros(1_500_000, 0, p)).toBe(2);
    // 3 tokens at $0.15/M in and 3 at $0.60/M out: 0.45 + 1.8 = 2.25 micros → 2 (not 0 + 2)
    expect(costMicros(3, 3, price("openai/gpt-4o-mini"))).toBe(2);
    // text-embedding-3-small: 25 tokens × 20,000 = 500,000 → exactly half a micro → 1
    expect(costMicros(25, 0, price("openai/text-embedding-3-small"))).toBe(1);
  });

  it("stays exact where floating point would not", () => {
    // 2,147,483,647 tokens × $75/M: the product (1.6e17) is beyond 2^53
    expect(costMicros(2_147_483_647, 2_147_483_647, price("anthropic/claude-opus-4"))).toBe(193_273_528_230);
  });
});

describe("dollarsToMicros", () => {
  it.each([
    ["1250", 1_250_000_000],
    ["1,250.50", 1_250_500_000],
    ["$0.000001", 1],
    ["0.1", 100_000],
    [" 19.99 ", 19_990_000],
    ["0.3", 300_000], // 0.1 + 0.2 trouble does not exist here
  ])("%s → %i", (text, micros) => expect(dollarsToMicros(text)).toBe(micros));

  it.each(["", "abc", "1.0000001", "-5", "1e3", "1,25", "12.", ".5"])("refuses %j", (text) => expect(dollarsToMicros(text)).toBeNull());

  it("round-trips through microsToDollarText", () => {
    for (const m of [1, 100_000, 1_250_500_000, 19_990_000, 5_000_000]) expect(dollarsToMicros(microsToDollarText(m))).toBe(m);
    expect(microsToDollarText(1_250_500_000)).toBe("1250.5");
    expect(microsToDollarText(5_000_000)).toBe("5");
  });
});

describe("reached", () => {
  it("compares spend with a percentage of the limit exactly", () => {
    expect(reached(80_000_000, 100_000_000, 80)).toBe(true);
    expect(reached(79_999_999, 100_000_000, 80)).toBe(false);
    expect(reached(100_000_000, 100_000_000, 100)).toBe(true);
    expect(reached(9_000_000_000_000_000, 9_000_000_000_000_001, 100)).toBe(false);
  });
});
