export * from "./auth";
export * from "./organizations";
export * from "./projects";
export * from "./admin-keys";
export * from "./audit";
export * from "./events";
export * from "./models";
export * from "./keys";
