import { Badge } from "@/components/ui/badge";
import { featureList, planOf } from "@/lib/orgs/plans";

/** Every plan feature, enabled or not; a feature the plan lacks is visible and explained. */
export function PlanFeatures({ planId }: { planId: string }) {
  const plan = planOf(planId);
  return (
    <ul className="divide-y divide-slate-100">
      {featureList(planId).map((f) => (
        <li key={f.key} className="flex items-center justify-between gap-3 py-2">
          <div>
            <p className="font-medium text-slate-800">{f.label}</p>
            {!f.enabled && <p className="text-xs text-slate-600">Not in the {plan.name} plan</p>}
          </div>
          {f.enabled ? <Badge tone="success">Enabled</Badge> : <Badge>Not enabled</Badge>}
        </li>
      ))}
    </ul>
  );
}
