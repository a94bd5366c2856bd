export * from "./permissions";
export * from "./matrix";
export * from "./authorize";
