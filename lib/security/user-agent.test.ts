import { describe, expect, it } from "vitest";
import { deviceSummary } from "./user-agent";

describe("deviceSummary", () => {
  it("names the browser and the system", () => {
    expect(deviceSummary("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15")).toBe("Safari on macOS");
    expect(deviceSummary("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0")).toBe("Edge on Windows");
    expect(deviceSummary("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36")).toBe("Chrome on Linux");
    expect(deviceSummary("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/127.0 Mobile/15E148 Safari/605.1.15")).toBe("Firefox on iOS");
  });

  it("says so when it cannot tell", () => {
    expect(deviceSummary(null)).toBe("Unknown device");
    expect(deviceSummary("something")).toBe("Unknown device");
    expect(deviceSummary("curl/8.5.0")).toBe("curl");
  });
});
