import { z } from 'zod';
import { slowStepSecondsSchema } from './slowStepSeconds';

/**
 * Every environment variable Tramite reads, in one place. `.env.example`
 * documents the same list; a test keeps the two in step.
 */
export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number({ error: 'expected a port number from 1 to 65535' }).int().min(1).max(65535).default(3000),
    DATA_DIR: z.string().min(1).default('.data'),
    DATABASE_URL: z
      .url({ protocol: /^postgres(ql)?$/, error: 'expected a postgres:// connection URL' })
      .optional(),
    MIGRATION_DATABASE_URL: z
      .url({ protocol: /^postgres(ql)?$/, error: 'expected a postgres:// connection URL' })
      .optional(),
    // Per process. At least 2: a workflow step opens a second transaction while its job's is open.
    DATABASE_POOL_SIZE: z.coerce.number({ error: 'expected a whole number of connections from 2 to 200' }).int().min(2).max(200).default(10),
    EMBEDDED_POSTGRES_PORT: z.coerce
      .number({ error: 'expected a port number from 1024 to 65535' })
      .int()
      .min(1024)
      .max(65535)
      .refine((port) => port !== 5432, 'must not be 5432, the port of a system Postgres')
      .optional(),
    NEXTAUTH_SECRET: z.string().min(32, 'expected a random secret of at least 32 characters'),
    NEXTAUTH_URL: z.url().optional(),
    SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'expected an smtp:// or smtps:// URL, e.g. smtp://user:password@mail.example.com:587' }).optional(),
    MAIL_FROM: z.string().min(3).optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    MAX_UPLOAD_MB: z.coerce.number({ error: 'expected a whole number of megabytes from 1 to 1024' }).int().min(1).max(1024).default(25),
    S3_BUCKET: z.string().min(3).optional(),
    S3_REGION: z.string().min(1).default('us-east-1'),
    S3_ENDPOINT: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL, e.g. https://s3.eu-west-1.amazonaws.com' }).optional(),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    S3_FORCE_PATH_STYLE: z.stringbool({ error: 'expected true or false' }).default(false),
    PUSHER_APP_ID: z.string().min(1).optional(),
    PUSHER_KEY: z.string().min(1).optional(),
    PUSHER_SECRET: z.string().min(1).optional(),
    PUSHER_CLUSTER: z.string().regex(/^[a-z0-9-]+$/, 'expected a cluster name such as eu or us2').optional(),
    PUSHER_HOST: z.string().regex(/^[A-Za-z0-9.-]+$/, 'expected a host name without scheme or port, e.g. realtime.example.com').optional(),
    PUSHER_PORT: z.coerce.number({ error: 'expected a port number from 1 to 65535' }).int().min(1).max(65535).optional(),
    PUSHER_USE_TLS: z.stringbool({ error: 'expected true or false' }).default(true),
    REALTIME_PORT: z.coerce.number({ error: 'expected a port number from 1024 to 65535' }).int().min(1024).max(65535).default(6001),
    REALTIME_HOST: z.string().regex(/^[A-Za-z0-9.-]+$/, 'expected a host name or address, e.g. 127.0.0.1').default('127.0.0.1'),
    REALTIME_APP_ID: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected 1-64 letters, digits, - or _').optional(),
    REALTIME_KEY: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'expected 8-64 letters, digits, - or _').optional(),
    REALTIME_SECRET: z.string().min(16, 'expected a random secret of at least 16 characters').optional(),
    METRICS_TOKEN: z.string().min(16, 'expected a random token of at least 16 characters').optional(),
    WORKFLOW_SLOW_STEP_SECONDS: slowStepSecondsSchema.optional(),
    WORKFLOW_FAILING_STEP_THRESHOLD: z.coerce.number({ error: 'expected a whole number from 2 to 1000' }).int().min(2).max(1000).default(5),
    WORKFLOW_FAILING_STEP_WINDOW_MINUTES: z.coerce.number({ error: 'expected a whole number of minutes from 1 to 1440' }).int().min(1).max(1440).default(15),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.DATABASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_URL'],
        message: 'required in production (the embedded Postgres is for development only)',
      });
    }
    const pusher = [env.PUSHER_APP_ID, env.PUSHER_KEY, env.PUSHER_SECRET];
    if (pusher.some(Boolean) && !pusher.every(Boolean)) {
      const missing = (['PUSHER_APP_ID', 'PUSHER_KEY', 'PUSHER_SECRET'] as const).find((name) => !env[name])!;
      ctx.addIssue({ code: 'custom', path: [missing], message: 'PUSHER_APP_ID, PUSHER_KEY and PUSHER_SECRET go together (or leave all unset for the embedded realtime server)' });
    }
    if (env.PUSHER_CLUSTER && env.PUSHER_HOST) {
      ctx.addIssue({ code: 'custom', path: ['PUSHER_HOST'], message: 'set PUSHER_CLUSTER (hosted Pusher) or PUSHER_HOST (another Pusher-compatible server), not both' });
    }
    if (!env.S3_ACCESS_KEY_ID !== !env.S3_SECRET_ACCESS_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: [env.S3_ACCESS_KEY_ID ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID'],
        message: 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together (or leave both unset for the default AWS credential chain)',
      });
    }
  });

export type Config = z.output<typeof envSchema>;

/** Secrets that a development machine may generate for itself (see devSecrets.ts). */
export const generatedSecretNames = [
  'NEXTAUTH_SECRET',
  'EMBEDDED_POSTGRES_PASSWORD',
  'APP_DATABASE_PASSWORD',
  'REALTIME_APP_ID',
  'REALTIME_KEY',
  'REALTIME_SECRET',
] as const;
