export * from "./enums";
export * from "./auth";
export * from "./songs";
export * from "./playlists";
export * from "./chat";
export * from "./api-keys";
export * from "./rate-limits";
export * from "./follows";
