/** The response headers every answer carries (security-headers.mjs). */
export declare function securityHeaders(isDev: boolean): { key: string; value: string }[];
