// Types of security-headers.js (plain JS for next.config.js).
export function servedOverHttps(authUrl?: string): boolean;
export function pageContentSecurityPolicy(nonce: string, options?: { dev?: boolean; https?: boolean }): string;
export function newNonce(): string;
export function strictTransportSecurity(authUrl?: string): string | null;
export function securityHeaders(): { key: string; value: string }[];
