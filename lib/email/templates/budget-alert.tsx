import { EmailLayout, styles, type EmailTemplate } from "./layout";

export type BudgetAlertEmailProps = {
  organizationName: string;
  projectName: string;
  threshold: number;
  /** e.g. "November 2026" (UTC calendar month) */
  monthName: string;
  spent: string;
  limit: string;
  /** ISO-8601 date until which keys are refused (hard limit reached), or null */
  blockedUntil: string | null;
  usageUrl: string;
};

const summary = (p: BudgetAlertEmailProps) =>
  `${p.projectName} (${p.organizationName}) has spent ${p.spent} of its monthly budget of ${p.limit} in ${p.monthName} (UTC): the ${p.threshold} % alert threshold.`;

const consequence = (p: BudgetAlertEmailProps) =>
  p.blockedUntil
    ? `The hard limit is on: the project's keys are refused with BUDGET_EXCEEDED until ${p.blockedUntil.slice(0, 10)} or until the budget is raised.`
    : "You get this alert once per threshold per month.";

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
          Open the project&apos;s usage
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
    [summary(p), "", consequence(p), "", `Open the project's usage: ${p.usageUrl}`, "", "You can turn budget alerts off on the Notifications page of the console."].join("\n"),
};
