// Test support: assertions on AudioDecodeError rejections.
import { expect } from 'vitest';
import { AudioDecodeError, type AudioDecodeErrorCode } from '../src/audio/AudioDecodeError.ts';

/** Awaits `promise` and returns the AudioDecodeError it rejects with; anything else fails the test. */
export async function decodeRejection(promise: Promise<unknown>): Promise<AudioDecodeError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AudioDecodeError) return error;
    throw error;
  }
  throw new Error('expected the decode to fail');
}

/** Expects `promise` to reject with an AudioDecodeError of `code` (and a message matching `message`). */
export async function expectDecodeError(promise: Promise<unknown>, code: AudioDecodeErrorCode, message?: RegExp): Promise<AudioDecodeError> {
  const error = await decodeRejection(promise);
  expect(error.code, error.message).toBe(code);
  if (message !== undefined) expect(error.message).toMatch(message);
  return error;
}
