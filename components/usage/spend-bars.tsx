"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatMicros } from "@/lib/models/price";
import type { Series } from "@/lib/usage/series";

const COLORS = ["#4f46e5", "#059669", "#d97706", "#e11d48", "#0284c7", "#7c3aed", "#65a30d"];
const OTHER_COLOR = "#94a3b8";

const axisDollars = (micros: number) => `$${(micros / 1_000_000).toLocaleString("en-US", { maximumFractionDigits: 2 })}`;

/** The stacked bars themselves (recharts), loaded after the page so they stay out of its first load. */
export default function SpendBars({ data, series }: { data: Record<string, string | number>[]; series: Series[] }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }} accessibilityLayer={false}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
        <XAxis dataKey="label" tick={{ fill: "#334155", fontSize: 12 }} interval="preserveStartEnd" minTickGap={16} />
        <YAxis tickFormatter={axisDollars} tick={{ fill: "#334155", fontSize: 12 }} width={72} />
        <Tooltip formatter={(value) => formatMicros(Number(value))} cursor={{ fill: "#f1f5f9" }} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {series.map((s, i) => (
          <Bar key={s.key} dataKey={s.key} name={s.label} stackId="spend" fill={s.key === "other" ? OTHER_COLOR : COLORS[i % COLORS.length]} isAnimationActive={false} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
