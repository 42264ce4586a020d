import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../../config/app-config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, '/srv/clinic-seminars');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('dispatcher configuration', () => {
  it('runs in the app by default, with production timings', () => {
    expect(loadConfig({}, '/srv/clinic-seminars').dispatcher).toEqual({
      enabled: true,
      batchSize: 50,
      pollIntervalMs: 2000,
      leaseMs: 300_000,
      maxAttempts: 8,
      backoffBaseMs: 30_000,
      backoffMaxMs: 21_600_000,
    });
  });

  it('can be switched off per instance and tuned for tests', () => {
    const { dispatcher } = loadConfig(
      {
        DISPATCHER_ENABLED: 'false',
        DISPATCHER_BATCH_SIZE: '10',
        DISPATCHER_POLL_INTERVAL_MS: '25',
        DISPATCHER_LEASE_MS: '2000',
        DISPATCHER_BACKOFF_BASE_MS: '50',
      },
      '/srv/clinic-seminars',
    );
    expect(dispatcher).toMatchObject({
      enabled: false,
      batchSize: 10,
      pollIntervalMs: 25,
      leaseMs: 2000,
      backoffBaseMs: 50,
    });
  });

  it('names every bad setting', () => {
    const problems = problemsOf({
      DISPATCHER_ENABLED: 'sometimes',
      DISPATCHER_BATCH_SIZE: '0',
      DISPATCHER_LEASE_MS: '10',
      DISPATCHER_MAX_ATTEMPTS: 'many',
    });
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'DISPATCHER_ENABLED',
      'DISPATCHER_BATCH_SIZE',
      'DISPATCHER_LEASE_MS',
      'DISPATCHER_MAX_ATTEMPTS',
    ]);
  });

  it('refuses a backoff maximum below its base', () => {
    expect(problemsOf({ DISPATCHER_BACKOFF_BASE_MS: '60000', DISPATCHER_BACKOFF_MAX_MS: '1000' })).toEqual([
      'DISPATCHER_BACKOFF_MAX_MS: must not be below DISPATCHER_BACKOFF_BASE_MS',
    ]);
  });
});
