/** The error of the mock's control functions. */

/** Thrown by control functions for bad input; HTTP control endpoints answer 400 (404 for unknown names). */
export class MockControlError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 = 400,
  ) {
    super(message);
    this.name = "MockControlError";
  }
}
