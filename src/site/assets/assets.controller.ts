import { Controller, Get, Headers, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from '../../common/http.js';
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
      .header('Content-Type', asset.contentType)
      .header('Cache-Control', 'public, max-age=31536000, immutable')
      .header('ETag', asset.etag)
      .header('Vary', 'Accept-Encoding')
      .header('X-Content-Type-Options', 'nosniff');
    if (gzip) response.header('Content-Encoding', 'gzip');
    response.send(gzip ? asset.gzipped : asset.body);
  }
}
