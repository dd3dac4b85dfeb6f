import 'server-only';
export { sendEmail, isEmailConfigured, type Email } from './email';
