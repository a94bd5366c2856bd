// Model allowlists: an entry is a model id (`openai/gpt-4o`) or a pattern ending in `*`
// (`anthropic/*`, `openai/gpt-4o*`). An empty list at a level means "inherit".

export function matchesEntry(modelId: string, entry: string): boolean {
  return entry.endsWith("*") ? modelId.startsWith(entry.slice(0, -1)) : modelId === entry;
}

export function matchesList(modelId: string, list: readonly string[]): boolean {
  return list.length === 0 || list.some((e) => matchesEntry(modelId, e));
}

export type AllowLevels = { organization: readonly string[]; project: readonly string[]; key: readonly string[] };

/** The level that refuses the model, or null when every level allows it. */
export function refusingLevel(modelId: string, levels: AllowLevels): keyof AllowLevels | null {
  if (!matchesList(modelId, levels.organization)) return "organization";
  if (!matchesList(modelId, levels.project)) return "project";
  if (!matchesList(modelId, levels.key)) return "key";
  return null;
}

/** The catalog models allowed at every level; null when no level restricts anything. */
export function effectiveModels(catalog: readonly string[], levels: AllowLevels): string[] | null {
  if (levels.organization.length + levels.project.length + levels.key.length === 0) return null;
  return catalog.filter((id) => refusingLevel(id, levels) === null);
}

/** Entries of `list` that match no catalog model at all (typos), for validation messages. */
export function unknownEntries(list: readonly string[], catalog: readonly string[]): string[] {
  return list.filter((e) => !catalog.some((id) => matchesEntry(id, e)));
}
