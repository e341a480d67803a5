/**
 * @harmoniq/music — composition: the composer, its scores, lyrics, MIDI, the voices' names and
 * song-writer providers. Pure and side-effect free; the heavy parts have their own entry points:
 * `@harmoniq/music/render` (synth, voice, render pool, audio store, WAV), `/assistant` (the
 * songwriting assistant), `/image` (picture analysis, needs sharp), `/waveform`, `/testing`.
 */
export {
  ENGINE_VERSION,
  ENGINE1_VERSION,
  compose,
  composeEngine1,
  composeEngine2,
  vocalNotes,
} from "./compose";
export { ENGINE2_VERSION, isEngine1, isEngine2, STEM_NAMES } from "./types";
export { describeRenderProgress } from "./render-progress";
export {
  RENDER_TIMEOUT_MS,
  RENDER_TIMEOUT_MS_PER_AUDIO_SEC,
  renderTimeoutMs,
} from "./render-timeout";
export type { RenderProgress } from "./render-progress";
export type { StudioOrigin } from "./types";
export { extendComposition, replaceSectionComposition, MIN_EXTENSION_SEC } from "./compose/studio";
export type { ExtendOptions, ReplaceSectionOptions } from "./compose/studio";
export { coverComposition, COVER_KEEPS } from "./compose/cover";
export type { CoverKeep, CoverOptions } from "./compose/cover";
export { originalOf } from "./compose/origin";
export { MOOD_PROFILES, GENRE_PROFILES, MOODS, GENRES, isMood, isGenre } from "./profiles";
export type { Mood, Genre, MoodProfile, GenreProfile, InstrumentId, KitId } from "./profiles";
export type {
  Composition,
  Engine1Composition,
  Engine2Composition,
  SongSection,
  SongSectionKind,
  Part,
  StemName,
  ControllerEvent,
  BendEvent,
  LyricLine2,
  CompositionRequest,
  CreationMode,
  NoteTuple,
  DrumHit,
  FormSection,
  ChordEvent,
  LyricLine,
  InferenceSource,
} from "./types";
export { MusicInputError, isMusicInputError } from "./errors";
export {
  MIN_DURATION_SEC,
  MAX_DURATION_SEC,
  MAX_LYRICS_CHARS,
  MAX_DESCRIPTION_CHARS,
  MAX_TITLE_CHARS,
  validateRequest,
} from "./validate";
export {
  writeLyrics,
  suggestTitle,
  titleFromLyrics,
  rhymesFor,
  doesRhyme,
  parseLyrics,
  formatLyrics,
  extractKeywords,
  RHYME_GROUPS,
} from "./lyrics";
export type {
  LyricSection,
  LyricSectionKind,
  LyricsRequest,
  WrittenLyrics,
  WrittenSection,
  StructurePart,
  LineMeter,
  TitleInput,
} from "./lyrics";
export { countSyllables, countWordSyllables, lineSyllables } from "./syllables";
export { VOICES, VOICE_IDS, isVoiceId } from "./voice/voices";
export type { VoiceId } from "./voice/voices";
export type { VocalNote } from "./voice/types";
export { renderMidi } from "./midi";
export { compositionHash, canonicalJson } from "./hash";
export {
  createEmbeddedProvider,
  createOpenAICompatibleProvider,
  parseSongAnswer,
} from "./song-writer";
export type {
  SongWriterProvider,
  SongWriterInput,
  SongWriterOutput,
  OpenAICompatibleConfig,
  Logger,
} from "./song-writer";
export { encodeWaveform, decodeWaveform } from "./waveform";
