export { AppError, type AppErrorCode } from './appError';
