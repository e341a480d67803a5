"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { formatCount, formatDate } from "@/lib/format";
import { useTRPC } from "@/trpc/client";
import { FollowButton } from "./follow-button";
import { SongGrid } from "./songs/song-card";

export function Profile({ handle, viewerId }: { handle: string; viewerId: string | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const options = trpc.user.byHandle.queryOptions({ handle, limit: 50 });
  const { data: profile } = useQuery(options);
  if (!profile) return null;
  return (
    <div className="stack">
      <header className="panel">
        <h1>{profile.name}</h1>
        <p className="muted">
          @{profile.handle} · joined {formatDate(profile.createdAt)}
        </p>
        {viewerId !== profile.id && (
          <p>
            <FollowButton
              userId={profile.id}
              name={profile.name}
              following={profile.followedByMe}
              followerCount={profile.followerCount}
              signedIn={viewerId !== null}
              onChange={(state) =>
                queryClient.setQueryData(options.queryKey, (old) =>
                  old
                    ? { ...old, followedByMe: state.following, followerCount: state.followerCount }
                    : old,
                )
              }
            />
          </p>
        )}
        {profile.bio && <p style={{ whiteSpace: "pre-wrap" }}>{profile.bio}</p>}
        <p className="small">
          <a
            href={`/u/${profile.handle}/feed.xml`}
            type="application/rss+xml"
            data-testid="rss-link"
          >
            RSS feed of {profile.name}&apos;s songs
          </a>
        </p>
        <dl className="stat-tiles" style={{ margin: 0 }}>
          <div className="panel">
            <dt className="small muted">Public songs</dt>
            <dd style={{ margin: 0 }}>
              <strong>{profile.totals.songCount}</strong>
            </dd>
          </div>
          <div className="panel">
            <dt className="small muted">Followers</dt>
            <dd style={{ margin: 0 }}>
              <strong data-testid="profile-followers">{profile.followerCount}</strong>
            </dd>
          </div>
          <div className="panel">
            <dt className="small muted">Following</dt>
            <dd style={{ margin: 0 }}>
              <strong>{profile.followingCount}</strong>
            </dd>
          </div>
          <div className="panel">
            <dt className="small muted">Plays</dt>
            <dd style={{ margin: 0 }}>
              <strong>{profile.totals.totalPlays}</strong>
            </dd>
          </div>
          <div className="panel">
            <dt className="small muted">Likes</dt>
            <dd style={{ margin: 0 }}>
              <strong>{profile.totals.totalLikes}</strong>
            </dd>
          </div>
        </dl>
      </header>
      <section aria-labelledby="profile-songs">
        <h2 id="profile-songs">Songs</h2>
        {profile.songs.items.length === 0 ? (
          <p className="panel empty muted">No public songs yet.</p>
        ) : (
          <SongGrid songs={profile.songs.items} label={`Songs by ${profile.name}`} />
        )}
      </section>
      {profile.reposts.length > 0 && (
        <section aria-labelledby="profile-reposts">
          <h2 id="profile-reposts">Reposts</h2>
          <SongGrid songs={profile.reposts} label={`Songs ${profile.name} reposted`} />
        </section>
      )}
      <section aria-labelledby="profile-playlists" className="panel">
        <h2 id="profile-playlists">Playlists</h2>
        {profile.playlists.length === 0 ? (
          <p className="muted">No public playlists yet.</p>
        ) : (
          <ul className="list">
            {profile.playlists.map((p) => (
              <li key={p.id} className="row between">
                <Link href={`/playlists/${p.id}`}>{p.name}</Link>
                <span className="small muted">{formatCount(p.songCount, "song")}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
