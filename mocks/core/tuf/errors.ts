/** The error chain text Nexus answers with (`DisplayErrorChain`): the message, then each cause. */
export function errorChain(message: string, ...causes: readonly (string | undefined)[]): string {
  return [message, ...causes.filter((cause) => cause !== undefined).map((cause) => `Caused by:\n  -> ${cause}`)].join("\n");
}
