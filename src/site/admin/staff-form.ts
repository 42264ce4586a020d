import { InviteStaffDto } from '../../auth/dto/invite-staff.dto.js';
import { UpdateStaffUserDto } from '../../staff/dto/staff.dto.js';
import { STAFF_ROLES, type StaffRole, type StaffUser } from '../../staff/staff-user.entity.js';
import { type FormProblems, text, texts, validateAs } from './form-errors.js';

/** A staff account as its form holds it (an invitation has the e-mail too; an edit the "active" box). */
export interface StaffFormValues {
  email: string;
  name: string;
  role: StaffRole;
  clinicIds: string[];
  active: boolean;
}

export const EMPTY_STAFF_FORM: StaffFormValues = { email: '', name: '', role: 'staff', clinicIds: [], active: true };

export function staffFormFrom(user: StaffUser): StaffFormValues {
  return {
    email: user.email,
    name: user.name,
    role: user.role,
    clinicIds: (user.clinics ?? []).map((clinic) => clinic.id),
    active: user.disabledAt === null,
  };
}

export function readStaffForm(body: Record<string, unknown>): StaffFormValues {
  const role = text(body, 'role');
  return {
    email: text(body, 'email', 300).trim(),
    name: text(body, 'name', 300),
    role: (STAFF_ROLES as readonly string[]).includes(role) ? (role as StaffRole) : 'staff',
    clinicIds: texts(body, 'clinicIds'),
    active: text(body, 'active') === 'yes',
  };
}

const staffField = (requestField: string): string | undefined =>
  requestField.startsWith('clinicIds')
    ? 'clinicIds'
    : ['email', 'name', 'role'].includes(requestField)
      ? requestField
      : undefined;

/** An invitation, checked with the API's own InviteStaffDto. */
export function validateInvitation(
  values: StaffFormValues,
): Promise<{ input?: InviteStaffDto; problems: FormProblems }> {
  return validateAs(
    InviteStaffDto,
    { email: values.email, name: values.name.trim(), role: values.role, clinicIds: values.clinicIds },
    staffField,
  );
}

/** An edit (name, role, clinics, active), checked with the API's UpdateStaffUserDto. */
export function validateStaffEdit(
  values: StaffFormValues,
): Promise<{ input?: UpdateStaffUserDto; problems: FormProblems }> {
  return validateAs(
    UpdateStaffUserDto,
    { name: values.name.trim(), role: values.role, clinicIds: values.clinicIds, disabled: !values.active },
    staffField,
  );
}

export { staffField };
