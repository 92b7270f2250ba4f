/**
 * The partners capability's links with the rest of Village, made at start-up (imported once by
 * server/wiring.ts): data-sharing terms decide which students partner staff see, and every read of
 * student records by partner staff is recorded as a disclosure, per student.
 */
import { registerPartnerStudentScope } from '../auth/scope.ts';
import { onStudentRead } from '../audit/record.ts';
import { partnerStudentScope, recordDisclosures } from './data-sharing.ts';

registerPartnerStudentScope(partnerStudentScope);
onStudentRead(recordDisclosures);
