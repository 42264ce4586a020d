import { Module } from '@nestjs/common';
import { AssetRegistry } from './asset-registry.js';
import { AssetsController } from './assets.controller.js';

/** The pages' hashed assets: the registry (other features add theirs to it) and the route serving them. */
@Module({
  controllers: [AssetsController],
  providers: [AssetRegistry],
  exports: [AssetRegistry],
})
export class AssetsModule {}
