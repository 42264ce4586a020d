import { ApiProperty } from '@nestjs/swagger';
import { StaffUserView } from '../../staff/dto/staff.dto.js';

export class MyClinicView {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'lakeside' }) slug: string;
  @ApiProperty({ example: 'Lakeside Back Clinic' }) name: string;
}

export class MeView extends StaffUserView {
  @ApiProperty({
    type: [MyClinicView],
    description:
      "the clinics this account acts for: a staff member's assigned clinics, an admin's every clinic (archived ones left out), by name",
  })
  clinics: MyClinicView[];
}
