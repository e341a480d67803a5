/**
 * `@harmoniq/music/render`: turning scores into audio — the synth and mixer (engine 2) or the
 * original oscillator synth (engine 1), the singing voice, the worker pool that renders off the
 * request thread, the audio store, WAV encoding and waveform peaks.
 */
export {
  renderEngine1Wav as renderWav,
  renderEngine1Audio as renderAudio,
  renderSong,
  renderStems,
  renderSongProgressive,
  renderSongStream,
  LoudnessMeter,
  measureLoudness,
  TARGET_LUFS,
  renderStudioSong,
  renderStudioStems,
  streamStudioSong,
  spliceWav,
  originalAudioMismatch,
  SPLICE_CROSSFADE_SEC,
} from "./render";
export type {
  Stem,
  StemsResult,
  RenderSongOptions,
  VocalRenderer,
  SectionChunk,
  LoudnessReport,
  StudioRenderOptions,
  SpliceWindow,
} from "./render";
export { renderVoice } from "./voice";
export { SUNG } from "./render/sung";
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
  RenderOptions,
  RenderResult,
  RenderPoolStats,
  StemsRenderResult,
} from "./render-pool";
export type { RenderProgress } from "./render-progress";
export { createDiskAudioStore, ensureAudio, audioKey } from "./audio-store";
export type {
  AudioStore,
  DiskAudioStore,
  DiskAudioStoreOptions,
  EnsuredAudio,
} from "./audio-store";
export { encodeMp3, encodeMp3File, MP3_BITRATE, STREAM_VERSION, streamKey } from "./mp3";
export type { WavFile } from "./mp3";
export { computePeaks } from "./peaks";
export { encodeWav, decodeWav, decodeWavStereo, encodeWavFloat, SAMPLE_RATE } from "./wav";
