/** The hub's admin API answered with an error: `{"error": {"code", "message"}}` and a 4xx/5xx status. */
export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`admin API ${status} ${code}: ${message}`);
    this.name = 'AdminApiError';
  }
}

const SESSION_COOKIE = 'backroom_session';

/** The manager's side of the hub (`/v1/admin/…` on its UI listener), logged in with a name and PIN. */
export class AdminClient {
  private cookie: string | undefined;

  constructor(readonly baseUrl: string) {}

  async login(name: string, pin: string): Promise<void> {
    const response = await this.send('POST', '/v1/admin/session', { name, pin });
    const session = response.headers.getSetCookie().find((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`));
    if (!session) throw new Error('the hub accepted the login but set no session cookie');
    this.cookie = session.split(';')[0];
  }

  get<T>(path: string): Promise<T> {
    return this.json<T>('GET', path);
  }

  /** A body that is not JSON (a NAXML document download), as text. */
  async text(path: string): Promise<string> {
    return (await this.send('GET', path)).text();
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.json<T>('POST', path, body);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.json<T>('PUT', path, body);
  }

  delete(path: string): Promise<void> {
    return this.json<void>('DELETE', path);
  }

  private async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.send(method, path, body);
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  private async send(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (response.ok) return response;
    const text = await response.text();
    let error: { code?: string; message?: string } | undefined;
    try {
      error = (JSON.parse(text) as { error?: typeof error }).error;
    } catch {
      // not the hub's error format: the raw text says more than nothing
    }
    throw new AdminApiError(response.status, error?.code ?? `HTTP_${response.status}`, error?.message ?? text);
  }
}
