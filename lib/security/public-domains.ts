// Public mail providers: anyone can get an address there, so no organization may claim one
// (claiming gmail.com would let an organization's SSO speak for every Gmail user).
// Exact names, and families whose every country domain is public (`gmx.*`, `yandex.*`).

const EXACT = new Set([
  "gmail.com", "googlemail.com",
  "outlook.com", "hotmail.com", "live.com", "msn.com", "passport.com", "windowslive.com",
  "yahoo.com", "ymail.com", "rocketmail.com",
  "icloud.com", "me.com", "mac.com",
  "aol.com", "aim.com",
  "proton.me", "protonmail.com", "protonmail.ch", "pm.me",
  "mail.com", "email.com", "usa.com",
  "zoho.com", "zohomail.com",
  "fastmail.com", "fastmail.fm",
  "tutanota.com", "tutanota.de", "tuta.io", "tuta.com",
  "hey.com", "hushmail.com",
  "mail.ru", "inbox.ru", "list.ru", "bk.ru", "rambler.ru",
  "qq.com", "foxmail.com", "163.com", "126.com", "yeah.net", "sina.com", "sohu.com", "aliyun.com",
  "naver.com", "daum.net", "hanmail.net",
  "web.de", "t-online.de", "freenet.de", "posteo.de", "mailbox.org",
  "orange.fr", "wanadoo.fr", "free.fr", "laposte.net", "sfr.fr",
  "libero.it", "virgilio.it", "tiscali.it",
  "seznam.cz", "wp.pl", "o2.pl", "interia.pl", "onet.pl",
  "rediffmail.com", "comcast.net", "verizon.net", "att.net", "sbcglobal.net", "cox.net",
  "btinternet.com", "sky.com", "virginmedia.com", "bigpond.com", "shaw.ca", "rogers.com",
  "gmx.com", "gmx.net", "gmx.de",
  "yandex.com", "yandex.ru", "ya.ru",
]);

/** Providers public under every top-level domain they use: `gmx.at`, `yandex.kz`, `yahoo.co.uk`, `hotmail.fr`. */
const FAMILIES = ["gmx", "yandex", "yahoo", "hotmail", "outlook", "live", "aol"];

/** Whether `domain` (lower case, no trailing dot) is a public mail provider's domain. */
export function isPublicMailDomain(domain: string): boolean {
  const d = domain.toLowerCase().replace(/\.$/, "");
  if (EXACT.has(d)) return true;
  const labels = d.split(".");
  // family.tld or family.co.tld (yahoo.co.uk, yahoo.com.br)
  const name = labels.length === 2 ? labels[0] : labels.length === 3 && labels[1]!.length <= 3 ? labels[0] : undefined;
  return name !== undefined && FAMILIES.includes(name);
}
