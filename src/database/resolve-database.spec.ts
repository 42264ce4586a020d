import { describe, expect, it, jest } from '@jest/globals';
import { ConfigError, loadConfig } from '../config/app-config.js';
import { resolveDatabase, withoutSecrets } from './resolve-database.js';

const CWD = '/srv/clinic-seminars';

function missingPackage(name: string): Error {
  return Object.assign(
    new Error(`Cannot find package '${name}' imported from /app/dist/src/database/embedded-postgres.js`),
    {
      code: 'ERR_MODULE_NOT_FOUND',
    },
  );
}

describe('resolveDatabase', () => {
  it('uses DATABASE_URL without loading embedded-postgres, and describes it without the password', async () => {
    const load = jest.fn(() => Promise.reject(new Error('must not be loaded')));
    const config = loadConfig({ DATABASE_URL: 'postgres://app:s3cret@db:5432/clinics?sslmode=require' }, CWD);
    const database = await resolveDatabase(config, undefined, load as never);
    expect(database).toMatchObject({ url: 'postgres://app:s3cret@db:5432/clinics?sslmode=require', embedded: false });
    expect(database.description).toBe('postgres://app@db:5432/clinics');
    expect(load).not.toHaveBeenCalled();
  });

  it('without DATABASE_URL where embedded-postgres is not installed (production image), asks for DATABASE_URL', async () => {
    const config = loadConfig({}, CWD);
    const error = await resolveDatabase(config, undefined, () =>
      Promise.reject(missingPackage('embedded-postgres')),
    ).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      expect.stringMatching(/^DATABASE_URL: required here, as the embedded PostgreSQL is not installed/),
    ]);
  });

  it('lets any other failure to load through unchanged', async () => {
    const config = loadConfig({}, CWD);
    const other = missingPackage('something-else');
    await expect(resolveDatabase(config, undefined, () => Promise.reject(other))).rejects.toBe(other);
  });
});

describe('withoutSecrets', () => {
  it.each([
    ['postgres://booking:booking@postgres:5432/booking', 'postgres://booking@postgres:5432/booking'],
    ['postgresql://app:p%40ss@db/clinics?password=x', 'postgresql://app@db/clinics'],
    ['postgres://app@db:5432/clinics', 'postgres://app@db:5432/clinics'],
  ])('%s reads %s', (url, shown) => {
    expect(withoutSecrets(url)).toBe(shown);
  });
});
