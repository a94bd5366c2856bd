import { DateTime } from "@/components/ui/date-time";
import { formatMicros } from "@/lib/models/price";

export type BudgetBarProps = {
  /** settled use in the window: micro-dollars, requests or tokens */
  used: number;
  /** reserved by open holds, not settled yet (0 when unknown) */
  held: number;
  limit: number;
  unit: "micros" | "requests" | "tokens";
  /** when the window starts again (ISO-8601) */
  resetAt: string;
  /** what the bar is, e.g. "Month budget" or "Requests per minute, openai/*" */
  label: string;
};

/** A figure in its unit: dollars for micro-dollars, "1,200 requests" for counts. */
export function formatAmount(value: number, unit: BudgetBarProps["unit"]): string {
  if (unit === "micros") return formatMicros(value);
  return `${value.toLocaleString("en-US")} ${unit === "requests" ? (value === 1 ? "request" : "requests") : value === 1 ? "token" : "tokens"}`;
}

const percentOf = (part: number, whole: number) => (whole > 0 ? Math.floor((part * 100) / whole) : 0);

/**
 * Used, held and remaining of one limit as a bar, with the same figures in text (not colour
 * only) and the time it resets. Renders on the server and in the browser alike.
 */
export function BudgetBar({ used, held, limit, unit, resetAt, label }: BudgetBarProps) {
  const remaining = Math.max(0, limit - used - held);
  const usedShare = Math.min(100, percentOf(used, limit));
  const heldShare = Math.min(100 - usedShare, percentOf(held, limit));
  const percent = percentOf(used + held, limit);
  const full = used + held >= limit;
  const tone = full ? "bg-red-600" : percent >= 80 ? "bg-amber-500" : "bg-indigo-600";

  return (
    <div className="space-y-1.5">
      <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-0.5">
        <p className="font-medium text-slate-900">{label}</p>
        <p className="text-slate-800 tabular-nums">
          <strong className="font-semibold">{formatAmount(used, unit)}</strong> used
          {held > 0 && <> · {formatAmount(held, unit)} held</>} · {formatAmount(remaining, unit)} left of {formatAmount(limit, unit)} ({percent.toLocaleString("en-US")} %)
          {full && <span className="ml-1 font-semibold text-red-800">· reached</span>}
        </p>
      </div>
      {/* the figures above carry everything; the bar repeats them for the eye */}
      <div aria-hidden="true" className="flex h-2.5 w-full overflow-hidden rounded-full bg-slate-200">
        <div className={`h-full ${tone}`} style={{ width: `${usedShare}%` }} />
        {heldShare > 0 && (
          <div
            className="h-full bg-amber-300"
            style={{ width: `${heldShare}%`, backgroundImage: "repeating-linear-gradient(45deg, transparent 0 3px, rgb(255 255 255 / 0.6) 3px 6px)" }}
          />
        )}
      </div>
      <p className="text-xs text-slate-600">
        Resets <DateTime value={resetAt} withTime />
      </p>
    </div>
  );
}
