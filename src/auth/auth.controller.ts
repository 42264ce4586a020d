import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/auth/actor.js';
import { CurrentActor, Public } from '../common/auth/decorators.js';
import { toStaffUserView } from '../staff/dto/staff.dto.js';
import { StaffService } from '../staff/staff.service.js';
import { ApiErrors, UNAUTHENTICATED, VALIDATION } from '../common/openapi/api-errors.js';
import { AuthService } from './auth.service.js';
import { LoginDto, LoginView } from './dto/login.dto.js';
import { MeView } from './dto/me.dto.js';
import { MyClinics } from './my-clinics.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly staff: StaffService,
    private readonly myClinics: MyClinics,
  ) {}

  @Public()
  @ApiOperation({
    summary: 'Sign in (staff and admins)',
    description:
      'Exchanges an e-mail address and password for a bearer token (a JWT) to send as `Authorization: Bearer <token>` on the ' +
      'staff and admin routes. A disabled account, or an invited one without a password yet, cannot sign in. Rate-limited per ' +
      'client (RATE_LIMIT_LOGIN_PER_MINUTE): 429 RATE_LIMITED.',
  })
  @ApiOkResponse({ type: LoginView })
  @ApiErrors({
    400: VALIDATION,
    401: 'INVALID_CREDENTIALS: the e-mail or password is wrong, or the account cannot sign in (one answer for all, so it never tells which addresses have accounts)',
  })
  @Post('login')
  @HttpCode(200)
  async login(@Body() body: LoginDto): Promise<LoginView> {
    const { accessToken, expiresIn } = await this.auth.login(body.email, body.password);
    return { accessToken, tokenType: 'Bearer', expiresIn };
  }

  /** The signed-in account, with the clinics it acts for (id, slug, name). */
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Who am I',
    description: 'The signed-in account, with the clinics it acts for (id, slug, name; an admin acts for all).',
  })
  @ApiErrors({ 401: UNAUTHENTICATED })
  @ApiOkResponse({ type: MeView })
  @Get('me')
  async me(@CurrentActor() actor: Actor): Promise<MeView> {
    const [user, clinics] = await Promise.all([this.staff.get(actor.id), this.myClinics.of(actor)]);
    return { ...toStaffUserView(user), clinics };
  }
}
