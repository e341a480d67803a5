export * from "./pagination";
export * from "./songs";
export * from "./feed";
export * from "./comments";
export * from "./playlists";
export * from "./chat";
export * from "./stats";
export * from "./users";
export { songVisibleTo, playlistVisibleTo } from "./visibility";
