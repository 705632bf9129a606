/** The error `work` throws (fails the test if it throws none). */
export function thrown(work: () => unknown): Error & { type?: string } {
  try {
    work();
  } catch (error) {
    return error as Error & { type?: string };
  }
  throw new Error('nothing was thrown');
}
