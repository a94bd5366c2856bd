import { describe, expect, it } from "vitest";
import { toCsv } from "./csv";

describe("CSV", () => {
  it("quotes what needs quoting and defuses formulas", () => {
    expect(toCsv(["name", "cost"], [["plain", 1], ['a "quoted", name', 2], ["=HYPERLINK()", 3], ["-5", 4]])).toBe(
      'name,cost\r\nplain,1\r\n"a ""quoted"", name",2\r\n\'=HYPERLINK(),3\r\n\'-5,4\r\n',
    );
  });

});
