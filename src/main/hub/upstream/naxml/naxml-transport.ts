/**
 * Where NAXML documents go, as the wiring reads it from Settings at each perform (it can change while jobs wait):
 * a folder the back office watches (Passport's BOOutbox, research §A.6), or an HTTPS endpoint that answers each
 * document with a NAXML-Acknowledgement.
 */
export type NaxmlAuth =
  { kind: 'none' } | { kind: 'basic'; username: string; password: string } | { kind: 'bearer'; token: string };

export type NaxmlTransportConfig = { kind: 'folder'; folder: string } | { kind: 'https'; url: string; auth: NaxmlAuth };
