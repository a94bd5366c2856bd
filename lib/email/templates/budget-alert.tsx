import { EmailLayout, styles, type EmailTemplate } from "./layout";

export type BudgetAlertEmailProps = {
  organizationName: string;
  /** the name of what the budget belongs to: the organization, a project or a key */
  projectName: string;
  /** absent in alerts queued before budgets had levels and periods: a project's monthly budget */
  level?: "organization" | "project" | "key";
  period?: "day" | "week" | "month";
  threshold: number;
  /** e.g. "November 2026", "the week of Nov 30, 2026", "Dec 4, 2026" (UTC periods) */
  monthName: string;
  spent: string;
  limit: string;
  /** ISO-8601 date until which keys are refused (hard limit reached), or null */
  blockedUntil: string | null;
  usageUrl: string;
};

const PERIOD_WORDS = { day: "daily", week: "weekly", month: "monthly" } as const;
const LEVEL_WORDS = { organization: "The organization's keys are", project: "The project's keys are", key: "The key is" } as const;
const who = (p: BudgetAlertEmailProps) => (p.level === "organization" ? p.projectName : `${p.projectName} (${p.organizationName})`);

const linkText = (p: BudgetAlertEmailProps) => (p.level === "organization" ? "Open the organization's usage" : "Open the project's usage");

const summary = (p: BudgetAlertEmailProps) =>
  `${who(p)} has spent ${p.spent} of its ${PERIOD_WORDS[p.period ?? "month"]} budget of ${p.limit} in ${p.monthName} (UTC): the ${p.threshold} % alert threshold.`;

const consequence = (p: BudgetAlertEmailProps) =>
  p.blockedUntil
    ? `The budget is enforced: ${LEVEL_WORDS[p.level ?? "project"].toLowerCase()} refused with BUDGET_EXCEEDED until ${p.blockedUntil.slice(0, 10)} or until the budget is raised.`
    : `You get this alert once per threshold per ${p.period ?? "month"}.`;

function BudgetAlertHtml(p: BudgetAlertEmailProps) {
  return (
    <EmailLayout preview={`${p.projectName} reached ${p.threshold} % of its budget`}>
      <h1 style={styles.heading}>
        {p.projectName} reached {p.threshold} % of its budget
      </h1>
      <p style={styles.paragraph}>{summary(p)}</p>
      <p style={styles.paragraph}>{consequence(p)}</p>
      <p style={{ margin: "16px 0" }}>
        <a href={p.usageUrl} style={styles.button}>
          {linkText(p)}
        </a>
      </p>
      <p style={styles.muted}>You can turn budget alerts off on the Notifications page of the console.</p>
    </EmailLayout>
  );
}

export const budgetAlertEmail: EmailTemplate<BudgetAlertEmailProps> = {
  subject: (p) => `${p.projectName} reached ${p.threshold} % of its ${p.monthName} budget`,
  Html: BudgetAlertHtml,
  text: (p) =>
    [summary(p), "", consequence(p), "", `${linkText(p)}: ${p.usageUrl}`, "", "You can turn budget alerts off on the Notifications page of the console."].join("\n"),
};
