import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { Injectable } from '@nestjs/common';
import { PROJECT_ROOT } from '../../common/project-root.js';

const require = createRequire(import.meta.url);

export interface Asset {
  /** The public name with its content hash: `site.3f2a9c1b.css`. */
  fileName: string;
  contentType: string;
  body: Buffer;
  gzipped: Buffer;
  etag: string;
}

/** Every file the pages load, by logical name; a package's file is resolved through node's resolver. */
const SOURCES: Record<string, { file: string; contentType: string }> = {
  'pico.css': { file: require.resolve('@picocss/pico/css/pico.min.css'), contentType: 'text/css; charset=utf-8' },
  'site.css': { file: path.join(PROJECT_ROOT, 'src/site/assets/site.css'), contentType: 'text/css; charset=utf-8' },
  'site.js': {
    file: path.join(PROJECT_ROOT, 'src/site/assets/site.js'),
    contentType: 'text/javascript; charset=utf-8',
  },
};

/**
 * The pages' assets, read once at start-up, each under a name carrying its content hash so that it can be
 * cached for a year (a new release changes the name), and kept gzipped as well as plain.
 */
@Injectable()
export class AssetRegistry {
  private readonly byLogicalName = new Map<string, Asset>();
  private readonly byFileName = new Map<string, Asset>();

  constructor() {
    for (const [logicalName, source] of Object.entries(SOURCES))
      this.add(logicalName, readFileSync(source.file), source.contentType);
  }

  /** Adds an asset that another feature serves (e.g. the bot check's widget). */
  add(logicalName: string, body: Buffer, contentType: string): Asset {
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
    const extension = path.extname(logicalName);
    const fileName = `${logicalName.slice(0, -extension.length)}.${hash}${extension}`;
    const asset: Asset = { fileName, contentType, body, gzipped: gzipSync(body, { level: 9 }), etag: `"${hash}"` };
    this.byLogicalName.set(logicalName, asset);
    this.byFileName.set(fileName, asset);
    return asset;
  }

  /** `/assets/site.3f2a9c1b.css` for a template's `asset('site.css')`. */
  url(logicalName: string): string {
    const asset = this.byLogicalName.get(logicalName);
    if (!asset) throw new Error(`Unknown asset ${logicalName}`);
    return `/assets/${asset.fileName}`;
  }

  byName(fileName: string): Asset | undefined {
    return this.byFileName.get(fileName);
  }
}
