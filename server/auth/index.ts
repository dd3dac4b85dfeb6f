import 'server-only';
export { authOptions } from './options';
export { getSessionUser, requireSessionUser } from './session';
export { signUp } from './signUp';
export { signUpInput, signInInput, type SignUpInput } from './schemas';
export { authorizeCredentials, SignInRefused, type SessionUser } from './authorizeCredentials';
export { seedDemoAccount, demoAccount } from './seedDemoAccount';
export { signInPolicy } from './signInPolicy';
export { readAttemptGate, recordFailedAttempt, type LimitedKey } from './failedAttempts';
