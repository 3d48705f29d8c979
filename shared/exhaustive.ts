/** Ends every switch over a tagged union, so a new case is a type error until handled. */
export function exhaustiveSwitchError(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`)
}
