import WebSocket from 'ws';

export interface DeviceStream {
  /** Messages the hub sent so far (cursor notices, mostly). */
  readonly received: () => number;
  close(): void;
}

/** A device's live stream (GET /v1/stream), kept open and drained like a till's; it only counts what arrives. */
export function openDeviceStream(lanUrl: string, token: string): Promise<DeviceStream> {
  const url = `${lanUrl.replace(/^https:/, 'wss:')}/v1/stream`;
  const socket = new WebSocket(url, { headers: { authorization: `Bearer ${token}` }, rejectUnauthorized: false });
  let received = 0;
  socket.on('message', () => (received += 1));
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () =>
      resolve({
        received: () => received,
        close: () => socket.close(),
      }),
    );
  });
}
