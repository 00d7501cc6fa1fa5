import { describe, expect, it } from 'vitest';
import { localHostName } from '../../src/main/hub/discovery/local-host-name.js';

describe('localHostName', () => {
  it('is the first label of the OS host name under .local', () => {
    expect(localHostName('till-host')).toBe('till-host.local');
    expect(localHostName('BackOffice-PC.corp.example.com')).toBe('backoffice-pc.local');
  });

  it('makes a valid DNS label of names that are not one', () => {
    expect(localHostName('Backroom hub')).toBe('backroom-hub.local');
    expect(localHostName('Sklep_Łódź #2')).toBe('sklep-d-2.local');
    expect(localHostName('-edge-')).toBe('edge.local');
    expect(localHostName(`${'a'.repeat(62)}_b`)).toBe(`${'a'.repeat(62)}.local`);
  });

  it('falls back to a fixed label when nothing usable is left', () => {
    expect(localHostName('')).toBe('backroom-hub.local');
    expect(localHostName('___')).toBe('backroom-hub.local');
    expect(localHostName('.local')).toBe('backroom-hub.local');
  });
});
