import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/auth/actor.js';
import { CurrentActor, Public } from '../common/auth/decorators.js';
import { StaffUserResponse } from '../staff/dto/staff.dto.js';
import { StaffService } from '../staff/staff.service.js';
import { AuthService } from './auth.service.js';
import { LoginDto, LoginResponse } from './dto/login.dto.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly staff: StaffService,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  async login(@Body() body: LoginDto): Promise<LoginResponse> {
    const { accessToken, expiresIn } = await this.auth.login(body.email, body.password);
    return { accessToken, tokenType: 'Bearer', expiresIn };
  }

  @ApiBearerAuth()
  @Get('me')
  async me(@CurrentActor() actor: Actor): Promise<StaffUserResponse> {
    return StaffUserResponse.from(await this.staff.get(actor.id));
  }
}
