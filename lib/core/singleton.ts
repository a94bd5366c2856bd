// One instance per process, shared by the custom server and every Next.js bundle (each
// evaluates our modules separately; shared/stack.md pitfall 1).
const store = globalThis as unknown as { __anyintSingletons?: Map<string, unknown> };

export function processSingleton<T>(name: string, create: () => T): T {
  const map = (store.__anyintSingletons ??= new Map());
  if (!map.has(name)) map.set(name, create());
  return map.get(name) as T;
}
