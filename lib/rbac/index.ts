export * from "./permissions";
export * from "./matrix";
export * from "./authorize";
export * from "./custom-roles";
export * from "./questions";
export * from "./sql";
