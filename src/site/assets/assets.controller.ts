import { Controller, Get, Headers, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../common/auth/decorators.js';
import { NotFoundError } from '../../common/errors/domain-error.js';
import { AssetRegistry } from './asset-registry.js';

/** Serves the pages' CSS and JS: immutable names, cached for a year, gzipped when the browser accepts it. */
@ApiExcludeController()
@Public()
@Controller('assets')
export class AssetsController {
  constructor(private readonly assets: AssetRegistry) {}

  @Get(':file')
  serve(
    @Param('file') file: string,
    @Headers('accept-encoding') acceptEncoding: string | undefined,
    @Res() response: Response,
  ): void {
    const asset = this.assets.byName(file);
    if (!asset) throw new NotFoundError('Asset');
    const gzip = /\bgzip\b/.test(acceptEncoding ?? '');
    response
      .status(200)
      .setHeader('Content-Type', asset.contentType)
      .setHeader('Cache-Control', 'public, max-age=31536000, immutable')
      .setHeader('ETag', asset.etag)
      .setHeader('Vary', 'Accept-Encoding')
      .setHeader('X-Content-Type-Options', 'nosniff');
    if (gzip) response.setHeader('Content-Encoding', 'gzip');
    response.end(gzip ? asset.gzipped : asset.body);
  }
}
