/** Bad input to the music engine. `field` names the offending request field. */
export class MusicInputError extends Error {
  readonly field: string;
  override readonly name = "MusicInputError";
  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

export function isMusicInputError(err: unknown): err is MusicInputError {
  return err instanceof MusicInputError;
}
