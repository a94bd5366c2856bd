// Reading values of the console's forms before they are sent to a server action.

/** "openai/*, anthropic/claude-3*\nmistral/large" → ["openai/*", "anthropic/claude-3*", "mistral/large"] */
export function splitList(text: string): string[] {
  return [...new Set(text.split(/[\n,]/).map((s) => s.trim()).filter(Boolean))];
}

/** "2026-03-31" → the end of that day in the person's time zone, as ISO-8601. */
export function endOfDay(date: string): string {
  return new Date(`${date}T23:59:59`).toISOString();
}
