import { Badge, type BadgeTone } from "@/components/ui/badge";

const TONE: Record<string, BadgeTone> = { draft: "neutral", open: "info", paid: "success", void: "neutral" };

/** The invoice's status; an open invoice past its due date says so. */
export function InvoiceStatus({ status, dueAt, now }: { status: string; dueAt: string | null; now: number }) {
  const overdue = status === "open" && dueAt !== null && Date.parse(dueAt) < now;
  return <Badge tone={overdue ? "danger" : (TONE[status] ?? "neutral")}>{overdue ? "Overdue" : status[0]!.toUpperCase() + status.slice(1)}</Badge>;
}
