/**
 * The desktop app's updates (issue 12): which feed electron-updater is given, when it looks, and what the tray says.
 * updater.ts wires electron-updater to these; it needs the Electron binary, these do not.
 */
import { describe, expect, it } from 'vitest';
import {
  CHECK_EVERY_MS,
  feedUrlProblem,
  nextCheckMs,
  updateFeed,
  updateLine,
} from '../../src/main/shell/update-policy.js';

const packaged = { packaged: true, packagedFeed: false };

describe('update feed', () => {
  it('takes BACKROOM_UPDATE_URL as a folder of the generic provider', () => {
    expect(updateFeed({ ...packaged, envUrl: 'https://updates.example.com/backroom' })).toEqual({
      source: 'environment',
      url: 'https://updates.example.com/backroom/',
    });
    expect(updateFeed({ ...packaged, envUrl: ' https://updates.example.com/b/ ' })).toEqual({
      source: 'environment',
      url: 'https://updates.example.com/b/',
    });
  });

  it('falls back to the feed baked in at packaging, and is off without either', () => {
    expect(updateFeed({ packaged: true, packagedFeed: true, envUrl: undefined })).toEqual({ source: 'packaged' });
    expect(updateFeed({ packaged: true, packagedFeed: true, envUrl: '' })).toEqual({ source: 'packaged' });
    expect(updateFeed({ ...packaged, envUrl: undefined })).toMatchObject({ source: 'none', why: /not set when/ });
  });

  it('never updates a development run', () => {
    expect(updateFeed({ packaged: false, packagedFeed: true, envUrl: 'https://u.example.com/' })).toMatchObject({
      source: 'none',
    });
  });

  it('refuses installers over plain HTTP from anywhere but this machine, and what is not a URL', () => {
    expect(feedUrlProblem('http://updates.example.com/')).toMatch(/must be an https:\/\/ URL/);
    expect(feedUrlProblem('ftp://updates.example.com/')).toMatch(/must be an https:\/\/ URL/);
    expect(feedUrlProblem('updates.example.com')).toMatch(/is not a URL/);
    expect(feedUrlProblem('http://127.0.0.1:8080/feed/')).toBeUndefined();
    expect(feedUrlProblem('http://localhost/feed/')).toBeUndefined();
    expect(updateFeed({ ...packaged, envUrl: 'http://mirror.lan/' })).toMatchObject({ source: 'none' });
  });
});

describe('update schedule', () => {
  it('looks every few hours, sooner after a failure, backing off to the same few hours', () => {
    expect(nextCheckMs(0)).toBe(CHECK_EVERY_MS);
    const retries = [1, 2, 3, 4, 5, 6].map(nextCheckMs);
    expect(retries[0]).toBe(15 * 60_000);
    expect(retries).toEqual([...retries].sort((a, b) => a - b));
    expect(retries.at(-1)).toBe(CHECK_EVERY_MS);
  });
});

describe('tray line', () => {
  it('says when an update downloads and that it installs on quit, and nothing while all is quiet', () => {
    expect(updateLine({ phase: 'downloading', version: '0.2.0', percent: 41.7 })).toBe(
      'Downloading update 0.2.0 (41%)',
    );
    expect(updateLine({ phase: 'ready', version: '0.2.0' })).toBe('Update 0.2.0 installs when you quit Backroom');
    expect(updateLine({ phase: 'failed', message: 'ENOTFOUND' })).toBe(
      'Could not look for updates; trying again later',
    );
    expect(updateLine({ phase: 'current' })).toBeUndefined();
    expect(updateLine({ phase: 'checking' })).toBeUndefined();
  });
});
