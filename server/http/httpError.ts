// An answer that is not a success, thrown by a handler and written by the front door as JSON
// with the status and a body that says what is wrong.

export class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'HttpError';
  }
}
