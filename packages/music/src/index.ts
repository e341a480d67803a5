/** @harmoniq/music — composer, synth, WAV/MIDI writers, lyrics, image analysis, providers. */
export {
  ENGINE_VERSION,
  ENGINE1_VERSION,
  compose,
  composeEngine1,
  composeEngine2,
  vocalNotes,
} from "./compose";
export { ENGINE2_VERSION, isEngine1, isEngine2, STEM_NAMES } from "./types";
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
export { analyzeImage, describeImage, MAX_IMAGE_BYTES } from "./image";
export type { ImageFeatures, ImageAnalysis } from "./image";
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
export { renderEngine1Wav as renderWav, renderEngine1Audio as renderAudio } from "./render";
export {
  renderSong,
  renderStems,
  renderSongProgressive,
  renderSongStream,
  LoudnessMeter,
  measureLoudness,
  TARGET_LUFS,
} from "./render";
export type {
  Stem,
  StemsResult,
  RenderSongOptions,
  VocalRenderer,
  SectionChunk,
  LoudnessReport,
} from "./render";
export { VOICES, VOICE_IDS, isVoiceId } from "./voice/voices";
export type { VoiceId } from "./voice/voices";
export type { VocalNote } from "./voice/types";
export { renderMidi } from "./midi";
export { computePeaks } from "./peaks";
export { encodeWav, decodeWav, decodeWavStereo, encodeWavFloat, SAMPLE_RATE } from "./wav";
export { compositionHash, canonicalJson } from "./hash";
export {
  createRenderPool,
  getRenderPool,
  closeRenderPool,
  RenderWorkerError,
  defaultPoolSize,
} from "./render-pool";
export type {
  RenderPool,
  RenderPoolOptions,
  RenderResult,
  RenderPoolStats,
  StemsRenderResult,
} from "./render-pool";
export { createDiskAudioStore, ensureAudio, audioKey } from "./audio-store";
export type { AudioStore, DiskAudioStore, EnsuredAudio } from "./audio-store";
export {
  createEmbeddedProvider,
  createOpenAICompatibleProvider,
  parseSongAnswer,
} from "./providers";
export type {
  SongWriterProvider,
  SongWriterInput,
  SongWriterOutput,
  OpenAICompatibleConfig,
  Logger,
} from "./providers";
export {
  respond,
  classifyIntent,
  streamReply,
  createEmbeddedAssistant,
  createOpenAICompatibleAssistant,
  CAPABILITIES as ASSISTANT_CAPABILITIES,
} from "./assistant";
export type {
  AssistantInput,
  AssistantIntent,
  AssistantProvider,
  AssistantReply,
  AssistantTurn,
  ClassifiedIntent,
  ConversationDraft,
  OpenAICompatibleAssistantConfig,
  RewriteDirection,
  SectionKind,
  SectionTarget,
} from "./assistant";
export { encodeWaveform, decodeWaveform } from "./waveform";
