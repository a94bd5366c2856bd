import { describe, expect, it } from "vitest";
import { checkTransition } from "./transitions";

describe("invoice status transitions", () => {
  it("allows draft → open → paid | void", () => {
    expect(checkTransition("draft", "open")).toEqual({ ok: true, same: false });
    expect(checkTransition("open", "paid")).toEqual({ ok: true, same: false });
    expect(checkTransition("open", "void")).toEqual({ ok: true, same: false });
    expect(checkTransition("paid", "paid")).toEqual({ ok: true, same: true });
  });

  it("refuses the rest with a reason", () => {
    expect(checkTransition("paid", "void")).toMatchObject({ ok: false, reason: expect.stringContaining("cannot be voided") });
    expect(checkTransition("void", "paid")).toMatchObject({ ok: false, reason: expect.stringContaining("cannot be paid") });
    expect(checkTransition("draft", "paid")).toMatchObject({ ok: false });
  });
});
