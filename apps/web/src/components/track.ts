import { coverUrl } from "@/lib/cover";
import type { Track } from "./player";

/** Any song view with an author becomes a player track. */
export function toTrack(song: {
  id: string;
  title: string;
  mood: string;
  genre: string;
  coverKey: string | null;
  author: { name: string; handle: string | null };
}): Track {
  return {
    id: song.id,
    title: song.title,
    artist: song.author.name,
    handle: song.author.handle,
    cover: coverUrl(song, { size: 512 }),
  };
}
