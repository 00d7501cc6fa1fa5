/**
 * A response body, or null once it passes `limit` bytes: reading stops there and the stream is cancelled, which
 * closes the connection, so an endless or huge answer from a misbehaving service costs at most `limit` bytes.
 */
export async function readBounded(response: Response, limit: number): Promise<Uint8Array | null> {
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
}
