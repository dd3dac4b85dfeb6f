import { z } from 'zod';

/** Error messages are i18n keys (messages/*.json); the UI and the API translate them. */
export const emailSchema = z
  .string({ error: 'validation.required' })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'validation.emailInvalid' }).max(254, { error: 'validation.emailInvalid' }));

export const passwordSchema = z
  .string({ error: 'validation.required' })
  .min(10, { error: 'validation.passwordTooShort' })
  .max(200, { error: 'validation.passwordTooLong' });

export const signUpInput = z.object({
  name: z
    .string({ error: 'validation.required' })
    .trim()
    .min(1, { error: 'validation.required' })
    .max(100, { error: 'validation.nameTooLong' }),
  email: emailSchema,
  password: passwordSchema,
});
export type SignUpInput = z.infer<typeof signUpInput>;

export const signInInput = z.object({ email: emailSchema, password: z.string().min(1).max(200) });
