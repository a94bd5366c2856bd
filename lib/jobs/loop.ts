// The background loop: periodic tasks (key-expiry notices, webhook deliveries, emails, and
// budget checks as they arrive), each run without overlapping itself. It runs inside
// the server by default (BACKGROUND_JOBS=on) or alone as `npm run worker`.
export type Task = {
  name: string;
  everyMs: number;
  run: () => Promise<unknown>;
  /** waits for work the task started but does not await (webhook deliveries in flight) */
  stop?: () => Promise<void>;
};

export function startLoop(tasks: Task[], log: (line: string) => void = console.log) {
  let stopped = false;
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();

  for (const task of tasks) {
    const tick = async () => {
      if (stopped) return;
      const p = task.run().catch((error: unknown) => log(`Background task ${task.name} failed: ${(error as Error).message}`));
      running.add(p);
      await p;
      running.delete(p);
      if (!stopped) timers.push(setTimeout(tick, task.everyMs));
    };
    timers.push(setTimeout(tick, 1_000));
  }

  return {
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      await Promise.all(running);
      await Promise.all(tasks.map((task) => task.stop?.()));
    },
  };
}
