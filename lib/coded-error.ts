/**
 * An error with a stable code from a catalogue of codes and sentences: the message is `CODE: sentence. detail`, where
 * the detail says what was found and what to do. CLIs print the code and tests key on it. Imports nothing: the metrics
 * code that uses it is copied into exported projects.
 */
export class CodedError<C extends string> extends Error {
  constructor(
    readonly code: C,
    sentence: string,
    detail: string,
  ) {
    super(`${code}: ${sentence}. ${detail}`);
  }
}

/**
 * The error class of one catalogue, to extend with a named class (`class MetricError extends codedErrorClass(…) {}`)
 * so that `instanceof` tells catalogues apart; `name` is given, not read off the class, as bundlers rename classes.
 */
export function codedErrorClass<C extends string>(name: string, catalogue: Readonly<Record<C, string>>) {
  return class extends CodedError<C> {
    constructor(code: C, detail: string) {
      super(code, catalogue[code], detail);
      this.name = name;
    }
  };
}
