"use client";

import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatUsd } from "@/lib/billing/money";

const COLORS = ["#4f46e5", "#059669", "#d97706", "#e11d48", "#0284c7", "#7c3aed", "#65a30d"];
const axisDollars = (micros: number) => `$${(micros / 1_000_000).toLocaleString("en-US", { maximumFractionDigits: 0 })}`;

type Props = { data: Record<string, string | number>[]; series: { key: string; label: string }[]; committedMicros: number };

/** Month-to-date spend stacked by project, the forecast, and the commitment as a line (recharts, loaded after the page). */
export default function CommitmentBars({ data, series, committedMicros }: Props) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data} layout="vertical" margin={{ top: 20, right: 24, bottom: 0, left: 8 }} accessibilityLayer={false}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#e2e8f0" />
        <XAxis type="number" tickFormatter={axisDollars} tick={{ fill: "#334155", fontSize: 12 }} domain={[0, (max: number) => Math.max(max, committedMicros) * 1.05]} />
        <YAxis type="category" dataKey="label" tick={{ fill: "#334155", fontSize: 12 }} width={110} />
        <Tooltip formatter={(value) => formatUsd(Number(value))} cursor={{ fill: "#f1f5f9" }} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {series.map((s, i) => (
          <Bar key={s.key} dataKey={s.key} name={s.label} stackId="spend" fill={s.key === "forecast" ? "#cbd5e1" : COLORS[i % COLORS.length]} isAnimationActive={false} />
        ))}
        {committedMicros > 0 && <ReferenceLine x={committedMicros} stroke="#0f172a" strokeDasharray="4 3" label={{ value: "Committed", position: "top", fill: "#0f172a", fontSize: 12 }} />}
      </BarChart>
    </ResponsiveContainer>
  );
}
