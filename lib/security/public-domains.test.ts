import { describe, expect, it } from "vitest";
import { isPublicMailDomain } from "./public-domains";

describe("isPublicMailDomain", () => {
  it.each(["gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com", "yahoo.com", "icloud.com", "me.com", "aol.com", "proton.me", "protonmail.com", "mail.ru", "qq.com", "163.com"])(
    "refuses %s",
    (d) => expect(isPublicMailDomain(d)).toBe(true),
  );

  it.each(["gmx.de", "gmx.at", "gmx.ch", "yandex.ru", "yandex.kz", "yahoo.co.uk", "yahoo.com.br", "hotmail.fr"])("refuses the family member %s", (d) =>
    expect(isPublicMailDomain(d)).toBe(true),
  );

  it("ignores case and a trailing dot", () => {
    expect(isPublicMailDomain("GMail.COM.")).toBe(true);
  });

  it.each(["acme.test", "example.com", "gmail.acme.com", "mygmx.de", "corp.yahoo.internal.example.com", "anyint.ai"])("accepts %s", (d) =>
    expect(isPublicMailDomain(d)).toBe(false),
  );
});
