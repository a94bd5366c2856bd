import { AppError } from "./errors";

// PostgreSQL text cannot hold NUL, and UTF-8 cannot encode an unpaired UTF-16 surrogate: such a
// string fails deep in a query as a 500. Every entry point checks its whole input first and
// answers 400 naming the field (docs/security.md, "Input").

// a NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one
const BAD = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const UNSTORABLE_TEXT = "contains a NUL character or an unpaired UTF-16 surrogate, which cannot be stored";

type Node = { value: unknown; key: string; parent: Node | null };

const pathOf = (node: Node | null, last?: string): string => {
  const parts = last === undefined ? [] : [last];
  for (let n = node; n; n = n.parent) if (n.key) parts.push(n.key);
  return parts.reverse().join(".") || "(body)";
};

/** The path of the first string (object key or value) that cannot be stored, or null. Iterative: depth costs no stack. */
export function findUnstorableText(value: unknown, prefix: string[] = []): string | null {
  const root: Node | null = prefix.length ? { value: undefined, key: prefix.join("."), parent: null } : null;
  const stack: Node[] = [{ value, key: "", parent: root }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const v = node.value;
    if (typeof v === "string") {
      if (BAD.test(v)) return pathOf(node);
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], key: String(i), parent: node });
    } else if (v !== null && typeof v === "object") {
      for (const [k, child] of Object.entries(v)) {
        if (BAD.test(k)) return pathOf(node, "(key)");
        stack.push({ value: child, key: k, parent: node });
      }
    }
  }
  return null;
}

/** Throws INVALID_REQUEST naming the field when any string in the value cannot be stored. */
export function assertStorableText(value: unknown, prefix: string[] = []): void {
  const path = findUnstorableText(value, prefix);
  if (path !== null) {
    throw new AppError("INVALID_REQUEST", `Invalid request: ${path}: ${UNSTORABLE_TEXT}`, { fieldErrors: [{ path, message: UNSTORABLE_TEXT }] });
  }
}
