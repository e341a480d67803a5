/** @harmoniq/music/cover — generated cover art (server only: it rasterizes with sharp). */
export {
  coverSvg,
  renderCover,
  COVER_FORMATS,
  COVER_MIME,
  COVER_SIZES,
  DEFAULT_COVER_SIZE,
  type CoverFormat,
  type CoverInput,
  type CoverOptions,
  type CoverSize,
} from "./render";
export { coverPictureFrom, servePicture, type CoverPicture } from "./picture";
export { coverVersion, COVER_DESIGN } from "./version";
