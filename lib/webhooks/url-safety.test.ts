import { describe, expect, it } from "vitest";
import { blockedAddressReason, checkEndpointUrl } from "./url-safety";

const reason = (url: string, allowed: string[] = []) => {
  const check = checkEndpointUrl(url, allowed);
  return check.ok ? null : check.reason;
};

describe("endpoint URL safety", () => {
  it("accepts public https URLs", () => {
    expect(reason("https://hooks.example.com/anyint?x=1")).toBeNull();
    expect(reason("https://8.8.8.8/hook")).toBeNull();
    expect(reason("https://[2606:4700::1]/hook")).toBeNull();
  });

  it("refuses other schemes, plain http and credentials", () => {
    expect(reason("ftp://example.com/")).toBe("must use https");
    expect(reason("file:///etc/passwd")).toBe("must use https");
    expect(reason("http://hooks.example.com/")).toMatch(/must use https/);
    expect(reason("https://user:pass@example.com/")).toMatch(/user name or password/);
    expect(reason("not a url")).toBe("is not a valid URL");
  });

  it.each([
    ["https://127.0.0.1/", "loopback"],
    ["https://127.1/", "loopback"],
    ["https://0x7f000001/", "loopback"],
    ["https://2130706433/", "loopback"],
    ["https://0177.0.0.1/", "loopback"],
    ["https://0x7f.1/", "loopback"],
    ["https://[::1]/", "loopback"],
    ["https://[::ffff:127.0.0.1]/", "loopback"],
    ["https://localhost/", "loopback"],
    ["https://LOCALHOST./", "loopback"],
    ["https://api.localhost/", "loopback"],
    ["https://10.0.0.1/", "private"],
    ["https://172.16.5.4/", "private"],
    ["https://192.168.1.1/", "private"],
    ["https://100.64.0.1/", "private"],
    ["https://[fd00::1]/", "private"],
    ["https://169.254.169.254/latest/meta-data", "link-local"],
    ["https://[::ffff:169.254.169.254]/", "link-local"],
    ["https://[::ffff:a9fe:a9fe]/", "link-local"],
    ["https://2852039166/", "link-local"],
    ["https://[fe80::1]/", "link-local"],
    ["https://224.0.0.1/", "multicast"],
    ["https://[ff02::1]/", "multicast"],
    ["https://0.0.0.0/", "unspecified"],
    ["https://[::]/", "unspecified"],
    ["https://255.255.255.255/", "broadcast"],
    ["https://240.0.0.1/", "reserved"],
    ["https://192.0.2.10/", "reserved"],
    ["https://[2001:db8::1]/", "reserved"],
    ["https://127.0.0.1./", "loopback"],
    ["https://0x7f.0.0.1./", "loopback"],
    ["https://\uff11\uff12\uff17.\uff10.\uff10.\uff11/", "loopback"],
    ["https://0/", "unspecified"],
    ["https://0.1.2.3/", "unspecified"],
    ["https://[0:0:0:0:0:0:0:0]/", "unspecified"],
    ["https://[fec0::1]/", "reserved"],
    ["https://[100::1]/", "reserved"],
    ["https://[3fff::1]/", "reserved"],
    ["https://[4000::1]/", "reserved"],
  ])("refuses %s (%s)", (url, kind) => {
    expect(reason(url)).toMatch(new RegExp(`^points to an? .*${kind}`));
  });

  // Each embeds 127.0.0.1, 10.0.0.1 or 169.254.169.254; the IPv4 address inside decides.
  it.each([
    ["https://[::127.0.0.1]/", "loopback"],
    ["https://[::7f00:1]/", "loopback"],
    ["https://[0:0:0:0:0:0:127.0.0.1]/", "loopback"],
    ["https://[::a00:1]/", "private"],
    ["https://[::169.254.169.254]/", "link-local"],
    ["https://[::ffff:0:127.0.0.1]/", "loopback"],
    ["https://[::ffff:0:a9fe:a9fe]/", "link-local"],
    ["https://[64:ff9b::127.0.0.1]/", "loopback"],
    ["https://[64:ff9b::a9fe:a9fe]/", "link-local"],
    ["https://[64:ff9b:1::a00:1]/", "private"],
    ["https://[2002:7f00:1::]/", "loopback"],
    ["https://[2002:a9fe:a9fe:1::1]/", "link-local"],
    ["https://[2002:0a00:0001::]/", "private"],
    // Teredo: server 65.54.227.120, client 127.0.0.1 stored inverted (80ff:fffe)
    ["https://[2001:0:4136:e378:8000:63bf:80ff:fffe]/", "loopback"],
    // Teredo: server 10.0.0.1, public client 8.8.8.8
    ["https://[2001:0:a00:1:8000:63bf:f7f7:f7f7]/", "private"],
  ])("refuses %s, which carries an IPv4 %s address", (url, kind) => {
    expect(reason(url)).toMatch(new RegExp(`^points to an? .*${kind}`));
  });

  it("allows a public IPv4 address behind NAT64 and IPv4-mapped, and no other embedding", () => {
    expect(reason("https://[64:ff9b::8.8.8.8]/")).toBeNull();
    expect(reason("https://[::ffff:8.8.8.8]/")).toBeNull();
    for (const url of ["https://[::8.8.8.8]/", "https://[::ffff:0:8.8.8.8]/", "https://[64:ff9b:1::808:808]/", "https://[2002:808:808::1]/", "https://[2001:0:808:808:8000:63bf:f7f7:f7f7]/"]) {
      expect(reason(url), url).toBe("points to a reserved address");
    }
  });

  it("refuses IPv6 zone ids", () => {
    expect(reason("https://[fe80::1%25eth0]/")).toBe("is not a valid URL");
    expect(blockedAddressReason("::ffff:127.0.0.1%eth0")).toBe("a loopback address");
  });

  it("lets WEBHOOK_ALLOWED_HOSTS entries use plain http and internal addresses", () => {
    expect(reason("http://127.0.0.1:4000/hook", ["127.0.0.1"])).toBeNull();
    expect(reason("http://hooks.internal:8080/x", ["hooks.internal:8080"])).toBeNull();
    expect(reason("http://hooks.internal:8081/x", ["hooks.internal:8080"])).toMatch(/must use https/);
    expect(reason("https://10.1.2.3/x", ["10.1.2.3:443"])).toBeNull();
    expect(checkEndpointUrl("http://127.0.0.1/", ["127.0.0.1"])).toMatchObject({ ok: true, allowlisted: true });
  });

  it("judges resolved addresses the same way", () => {
    expect(blockedAddressReason("93.184.216.34")).toBeNull();
    expect(blockedAddressReason("::ffff:10.0.0.1")).toBe("a private address");
    expect(blockedAddressReason("::7f00:1")).toBe("a loopback address");
    expect(blockedAddressReason("64:ff9b::a00:1")).toBe("a private address");
    expect(blockedAddressReason("64:ff9b::5db8:d822")).toBeNull();
    expect(blockedAddressReason("2606:4700::1")).toBeNull();
    expect(blockedAddressReason("fe80::1%eth0")).not.toBeNull();
    expect(blockedAddressReason("not-an-ip")).toBe("an address that cannot be read");
  });
});
