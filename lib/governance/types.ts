// The governance overview: each check answers one question of docs/architecture.md (Governance overview) from live data.

export type CheckStatus = "ok" | "attention" | "info";

export type CheckItem = {
  /** what the item is, for a person */
  label: string;
  /** one line on why it is listed */
  detail: string;
  /** where to fix it */
  href?: string;
};

export type GovernanceCheck = {
  id: string;
  question: string;
  status: CheckStatus;
  /** one sentence answering the question */
  summary: string;
  /** how the answer is computed (shown on the page) */
  definition: string;
  counts: { label: string; value: number }[];
  /** the top offending items (at most TOP_ITEMS), or a listing for info checks */
  items: CheckItem[];
  /** how many items there are in all (items holds the first TOP_ITEMS) */
  itemCount: number;
  fix?: { href: string; label: string };
};

export const TOP_ITEMS = 10;

export const top = (items: CheckItem[]) => ({ items: items.slice(0, TOP_ITEMS), itemCount: items.length });

/** The organization a check reads, and where its console pages are. */
export type GovernanceOrg = { id: string; slug: string; plan: string; allowedModels: string[] };
