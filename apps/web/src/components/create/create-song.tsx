"use client";

import type { RouterInputs, RouterOutputs } from "@harmoniq/api";
import { LIMITS } from "@harmoniq/db/constants";
import { GENRES, MOODS, type Vocals } from "@harmoniq/vocabulary";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState, type FormEvent } from "react";
import { errorMessage } from "@/lib/format";
import { readBase64 } from "@/lib/read-base64";
import { useTRPC } from "@/trpc/client";
import { InferencePanel } from "@/components/songs/inference-panel";
import { SectionPlan } from "./section-plan";
import { SongProgress } from "./song-progress";
import { TakeCompare } from "./take-compare";

type Mode = RouterInputs["song"]["create"]["creationMode"];
type Song = RouterOutputs["song"]["create"];
type Takes = NonNullable<RouterInputs["song"]["create"]["takes"]>;

/** A full song by default: about 2½ minutes, within the limits. */
const DEFAULT_DURATION_SEC = Math.min(150, LIMITS.durationMaxSec);

const MODES: { value: Mode; label: string; hint: string }[] = [
  { value: "description", label: "Describe it", hint: "Tell us what the song is about" },
  { value: "lyrics", label: "My lyrics", hint: "Paste your own words" },
  { value: "image", label: "From a picture", hint: "Colours set the mood and tempo" },
];

export function CreateSong() {
  const trpc = useTRPC();
  const router = useRouter();
  const [mode, setMode] = useState<Mode>("description");
  const [preview, setPreview] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<Song | null>(null);
  const [vocals, setVocals] = useState<Vocals>("sung");
  const [takes, setTakes] = useState<Takes>(2);
  const voices = useQuery(trpc.song.voices.queryOptions());
  const create = useMutation(
    trpc.song.create.mutationOptions({ onSuccess: (song) => setCreated(song) }),
  );
  const status = useQuery({
    ...trpc.song.byId.queryOptions({ id: created?.id ?? "00000000-0000-4000-8000-000000000000" }),
    enabled: Boolean(created),
    refetchInterval: (query) => {
      const s = query.state.data?.status;
      return s === "ready" || s === "failed" ? false : 700;
    },
  });
  const song = status.data ?? created;
  // Two takes are compared side by side (TakeCompare); a single take opens when it is ready.
  const compare = created && created.takes.length > 1 ? created.takes : null;

  useEffect(
    () => () => {
      if (preview) URL.revokeObjectURL(preview);
    },
    [preview],
  );

  useEffect(() => {
    if (song?.status === "ready" && !compare) {
      const t = setTimeout(
        () => router.push(`/songs/${song.id}`),
        song.creationMode === "image" ? 1500 : 300,
      );
      return () => clearTimeout(t);
    }
  }, [song?.status, song?.id, song?.creationMode, router, compare]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const input: RouterInputs["song"]["create"] = {
      creationMode: mode,
      isPublic: form.get("isPublic") === "on",
      durationSec: Number(text("durationSec")) || DEFAULT_DURATION_SEC,
      takes,
    };
    if (text("title")) input.title = text("title");
    if (text("mood")) input.mood = text("mood") as (typeof MOODS)[number];
    if (text("genre")) input.genre = text("genre") as (typeof GENRES)[number];
    if (text("seed")) input.seed = Number(text("seed"));
    input.vocals = vocals;
    const voice = voices.data?.find((v) => v.id === text("voice"));
    if (vocals === "sung" && voice) input.voice = voice.id;
    if (mode === "description") input.description = text("description");
    if (mode === "lyrics") input.lyrics = String(form.get("lyrics") ?? "");
    if (mode === "image") {
      if (!file) {
        setFormError("Choose a picture first.");
        return;
      }
      input.image = await readBase64(file);
      if (text("description")) input.description = text("description");
    }
    setCreated(null);
    create.mutate(input);
  }

  const busy =
    create.isPending || (!compare && song && song.status !== "ready" && song.status !== "failed");

  return (
    <section className="stack" aria-labelledby="create-title">
      <h1 id="create-title">Create a song</h1>
      <form
        className="panel"
        onSubmit={onSubmit}
        aria-describedby={formError ? "create-error" : undefined}
      >
        <fieldset>
          <legend>How do you want to start?</legend>
          <div className="row" role="radiogroup" aria-label="Creation mode">
            {MODES.map((m) => (
              <label key={m.value} className="check">
                <input
                  type="radio"
                  name="creationMode"
                  value={m.value}
                  checked={mode === m.value}
                  onChange={() => setMode(m.value)}
                />
                {m.label} <span className="hint">— {m.hint}</span>
              </label>
            ))}
          </div>
        </fieldset>

        {mode === "description" && (
          <div className="field">
            <label htmlFor="description">Describe your song</label>
            <textarea
              id="description"
              name="description"
              required
              maxLength={LIMITS.descriptionMax}
              placeholder="A sunny road trip with old friends, windows down"
            />
          </div>
        )}
        {mode === "lyrics" && (
          <div className="field">
            <label htmlFor="lyrics">Your lyrics</label>
            <textarea
              id="lyrics"
              name="lyrics"
              required
              maxLength={LIMITS.lyricsMax}
              rows={8}
              placeholder={"[Verse]\nWrite a line per row\n\n[Chorus]\n..."}
            />
          </div>
        )}
        {mode === "image" && (
          <>
            <div className="field">
              <label htmlFor="image">Picture</label>
              <input
                id="image"
                name="image"
                type="file"
                accept="image/png,image/jpeg,image/webp,image/gif"
                onChange={(e) => {
                  const f = e.target.files?.[0] ?? null;
                  setFile(f);
                  if (preview) URL.revokeObjectURL(preview);
                  setPreview(f ? URL.createObjectURL(f) : null);
                }}
              />
            </div>
            {preview && (
              <img src={preview} alt="Preview of the chosen picture" className="preview-img" />
            )}
            <div className="field">
              <label htmlFor="description">
                Anything to add? <span className="hint">(optional)</span>
              </label>
              <input
                id="description"
                name="description"
                type="text"
                maxLength={LIMITS.descriptionMax}
              />
            </div>
          </>
        )}

        <fieldset>
          <legend>Vocals</legend>
          <div className="row" role="radiogroup" aria-label="Vocals">
            <label className="check">
              <input
                type="radio"
                name="vocals"
                value="sung"
                checked={vocals === "sung"}
                onChange={() => setVocals("sung")}
              />
              Sung <span className="hint">— a voice sings the words</span>
            </label>
            <label className="check">
              <input
                type="radio"
                name="vocals"
                value="instrumental"
                checked={vocals === "instrumental"}
                onChange={() => setVocals("instrumental")}
              />
              Instrumental <span className="hint">— the melody is played</span>
            </label>
          </div>
          {vocals === "sung" && (
            <div className="field">
              <label htmlFor="voice">Voice</label>
              <select id="voice" name="voice" defaultValue="" disabled={!voices.data}>
                <option value="">Let HarmoniQ choose for the genre</option>
                {voices.data?.map((v) => (
                  <option key={v.id} value={v.id}>
                    {v.name} ({v.rangeLabel}) — {v.description}
                  </option>
                ))}
              </select>
              {voices.error && (
                <p className="error" role="alert">
                  The voices could not be loaded; HarmoniQ will choose one.
                </p>
              )}
            </div>
          )}
        </fieldset>

        <fieldset>
          <legend>Takes</legend>
          <div className="row" role="radiogroup" aria-label="Takes">
            <label className="check">
              <input
                type="radio"
                name="takes"
                value="2"
                checked={takes === 2}
                onChange={() => setTakes(2)}
              />
              Two takes <span className="hint">— compare them and keep the better one</span>
            </label>
            <label className="check">
              <input
                type="radio"
                name="takes"
                value="1"
                checked={takes === 1}
                onChange={() => setTakes(1)}
              />
              One take
            </label>
          </div>
        </fieldset>

        <div className="grid-2">
          <div className="field">
            <label htmlFor="mood">Mood</label>
            <select id="mood" name="mood" defaultValue="">
              <option value="">Let HarmoniQ choose</option>
              {MOODS.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="genre">Genre</label>
            <select id="genre" name="genre" defaultValue="">
              <option value="">Let HarmoniQ choose</option>
              {GENRES.map((g) => (
                <option key={g} value={g}>
                  {g}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="title">
              Title <span className="hint">(optional)</span>
            </label>
            <input id="title" name="title" type="text" maxLength={LIMITS.titleMax} />
          </div>
          <div className="field">
            <label htmlFor="durationSec">Duration (seconds)</label>
            <input
              id="durationSec"
              name="durationSec"
              type="number"
              min={LIMITS.durationMinSec}
              max={LIMITS.durationMaxSec}
              defaultValue={DEFAULT_DURATION_SEC}
            />
          </div>
          <div className="field">
            <label htmlFor="seed">
              Seed <span className="hint">(optional: same seed, same song)</span>
            </label>
            <input id="seed" name="seed" type="number" min={0} max={LIMITS.seedMax} />
          </div>
          <div className="field" style={{ alignSelf: "end" }}>
            <label className="check" htmlFor="isPublic">
              <input id="isPublic" name="isPublic" type="checkbox" defaultChecked />
              Public (shown in Discover and on your profile)
            </label>
          </div>
        </div>
        {(formError || create.error) && (
          <p className="error" role="alert" id="create-error">
            {formError ?? errorMessage(create.error)}
          </p>
        )}
        <button type="submit" className="btn" disabled={Boolean(busy)}>
          {create.isPending ? "Composing…" : "Create song"}
        </button>
      </form>

      {compare && <TakeCompare key={compare.join()} takes={compare} />}
      {!compare && (create.isPending || song) && (
        <section className="panel" aria-labelledby="progress-title">
          <h2 id="progress-title">{song ? song.title : "Composing your song…"}</h2>
          <SongProgress
            status={song ? song.status : "composing"}
            message={song?.statusMessage ?? null}
            progress={song?.progress ?? null}
          />
          {song && <SectionPlan song={song} />}
          {song && <InferencePanel song={song} />}
          {song && (
            <p style={{ marginTop: 10 }}>
              <Link href={`/songs/${song.id}`}>Open the song page</Link>
            </p>
          )}
        </section>
      )}
    </section>
  );
}
