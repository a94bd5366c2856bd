"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

const COLORS = ["#4f46e5", "#d97706", "#059669", "#e11d48", "#0284c7", "#7c3aed", "#65a30d"];

/** The bars themselves (recharts), loaded after the page so they stay out of its first load. */
export default function MonitorBars({ data, series }: { data: Record<string, string | number>[]; series: { key: string; label: string }[] }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
        <XAxis dataKey="label" tick={{ fill: "#334155", fontSize: 12 }} />
        <YAxis allowDecimals={false} tick={{ fill: "#334155", fontSize: 12 }} width={48} />
        <Tooltip formatter={(value) => Number(value).toLocaleString("en-US")} cursor={{ fill: "#f1f5f9" }} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {series.map((s, i) => (
          <Bar key={s.key} dataKey={s.key} name={s.label} fill={COLORS[i % COLORS.length]} isAnimationActive={false} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
